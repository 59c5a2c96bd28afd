/**
 * @file One dataset's fit as the panel and the CLI show it: the law fitted on its runs (less the held-out one),
 * R², each run's residual, bootstrap intervals on the parameters, and the held-out run predicted with its interval.
 */
import type {
  ComputeLaw,
  DatasetFit,
  FittedPoint,
  PowerLaw,
  Prediction,
  ScalingLawKind,
} from '../../../shared/scaling';
import { BAND_POINTS, SCALING_OPTIONS } from '../../../shared/scaling';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';
import { bootstrapFits, intervalOf, intervalsOf, rSquared } from './bootstrap';
import { checkLawPoints } from './checks';
import { fitComputeLaw, fitPowerLaw, type LawFit, type LawPoint } from './computeFit';
import { computeLoss, optimalN, optimalOf, powerLoss } from './laws';

/** Options of a dataset's fit. */
export interface DatasetFitOptions {
  readonly law: ScalingLawKind;
  readonly holdOut: 'none' | 'largest';
  readonly bootstrap: number;
  readonly seed: number;
  readonly signal?: AbortSignal;
  /** Reports the share of bootstrap resamples done. */
  readonly progress?: (fraction: number) => void;
}

type AnyLaw = ComputeLaw | PowerLaw;

const valueOf = (kind: ScalingLawKind, law: AnyLaw, p: LawPoint): number =>
  kind === 'compute'
    ? computeLoss(law as ComputeLaw, p.N ?? Number.NaN, p.D ?? Number.NaN)
    : powerLoss(law as PowerLaw, p.C);

function fitOf(
  kind: ScalingLawKind,
  points: readonly LawPoint[],
  starts?: readonly (readonly number[])[],
  signal?: AbortSignal,
) {
  const options = { ...(starts ? { starts } : {}), ...(signal ? { signal } : {}) };
  return (kind === 'compute' ? fitComputeLaw(points, options) : fitPowerLaw(points, options)) as LawFit<AnyLaw>;
}

const sizes = (p: LawPoint) => ({
  ...(p.run !== undefined ? { run: p.run } : {}),
  ...(p.N !== undefined ? { N: p.N } : {}),
  ...(p.D !== undefined ? { D: p.D } : {}),
  C: p.C,
});

/** The runs fitted, and the largest-compute one held out when asked (and when more than the parameters remain). */
export function splitHoldOut(points: readonly LawPoint[], holdOut: 'none' | 'largest') {
  if (holdOut === 'none' || points.length === 0) return { fitted: [...points], held: undefined };
  const held = points.reduce((a, b) => (b.C > a.C ? b : a));
  return { fitted: points.filter((p) => p !== held), held };
}

/** The law along C from the least compute to 25 times the most (compute law: on its frontier), with intervals. */
function bandOf(kind: ScalingLawKind, best: AnyLaw, refits: readonly LawFit<AnyLaw>[], points: readonly LawPoint[]) {
  const lo = Math.log(Math.min(...points.map((p) => p.C)));
  const hi = Math.log(25 * Math.max(...points.map((p) => p.C)));
  const optimal = kind === 'compute' ? optimalOf(best as ComputeLaw) : undefined;
  return Array.from({ length: BAND_POINTS }, (_, i): Prediction => {
    const C = Math.exp(lo + ((hi - lo) * i) / (BAND_POINTS - 1));
    const N = optimal ? optimalN(optimal, C) : undefined;
    const at: LawPoint = { where: `C = ${C.toPrecision(3)}`, C, ...(N ? { N, D: C / (6 * N) } : {}), loss: 1 };
    const interval = intervalOf(
      refits.map((f) => valueOf(kind, f.law, at)),
      SCALING_OPTIONS.level,
    );
    return { ...sizes(at), where: at.where, predicted: valueOf(kind, best, at), ...(interval ? { interval } : {}) };
  });
}

/** Fits `points` of one dataset (checked first: bad runs are refused with a message naming them). */
export async function fitDataset(
  dataset: string,
  loss: string,
  points: readonly LawPoint[],
  o: DatasetFitOptions,
): Promise<DatasetFit> {
  const { fitted, held } = splitHoldOut(points, o.holdOut);
  checkLawPoints(points, o.law, held ? `Dataset "${dataset}" without its held-out run` : `Dataset "${dataset}"`);
  checkLawPoints(fitted, o.law, held ? `Dataset "${dataset}" without its held-out run` : `Dataset "${dataset}"`);
  const best = fitOf(o.law, fitted, undefined, o.signal);
  if (!Number.isFinite(best.huber)) {
    throw new LensError(
      'bad-input',
      `No ${o.law} law fits dataset "${quote(dataset)}" from any start. Check its runs.`,
    );
  }
  const refits = await bootstrapFits(
    fitted.length,
    o.bootstrap,
    o.seed,
    (idx) =>
      fitOf(
        o.law,
        idx.map((i) => fitted[i] as LawPoint),
        [best.raw],
        o.signal,
      ),
    o.signal,
    o.progress,
  );
  const names = Object.keys(best.law) as (keyof AnyLaw)[];
  const level = SCALING_OPTIONS.level;
  const intervals = intervalsOf(
    refits,
    Object.fromEntries(names.map((k) => [k, (f: LawFit<AnyLaw>) => f.law[k]])),
    level,
  );
  const rows: FittedPoint[] = fitted.map((p) => {
    const predicted = valueOf(o.law, best.law, p);
    return { where: p.where, ...sizes(p), loss: p.loss, predicted, residual: p.loss - predicted };
  });
  let heldOut: Prediction | undefined;
  if (held) {
    const predicted = valueOf(o.law, best.law, held);
    const interval = intervalOf(
      refits.map((f) => valueOf(o.law, f.law, held)),
      level,
    );
    heldOut = { where: held.where, ...sizes(held), predicted, ...(interval ? { interval } : {}), loss: held.loss };
    heldOut = { ...heldOut, relativeError: (predicted - held.loss) / held.loss };
  }
  const law =
    o.law === 'compute'
      ? { kind: 'compute' as const, params: best.law as ComputeLaw, optimal: optimalOf(best.law as ComputeLaw) }
      : { kind: 'power' as const, params: best.law as PowerLaw };
  return {
    dataset,
    loss,
    law,
    r2: rSquared(
      rows.map((r) => r.loss),
      rows.map((r) => r.predicted),
    ),
    huber: best.huber,
    resamples: refits.length,
    points: rows,
    intervals,
    band: bandOf(o.law, best.law, refits, points),
    ...(heldOut ? { heldOut } : {}),
  };
}
