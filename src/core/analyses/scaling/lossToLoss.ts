/**
 * @file A loss-to-loss fit as the panel and the CLI show it: the law, R², each pair's residual, bootstrap intervals
 * on κ, K and the free E's, predictions at given x losses with their intervals, and the held-out pair.
 */
import type { FittedPoint, LossToLoss, Prediction, ScalingL2lResult } from '../../../shared/scaling';
import { BAND_POINTS, SCALING_OPTIONS } from '../../../shared/scaling';
import { quote } from '../../../shared/schema';
import { LensError } from '../../errors';
import { bootstrapFits, intervalOf, intervalsOf, rSquared } from './bootstrap';
import { checkPairs } from './checks';
import { fitL2l, modeOf, type GivenEs, type L2lFit, type PairPoint } from './l2l';
import { l2lLoss } from './laws';

/** Options of a loss-to-loss fit. */
export interface LossToLossOptions extends GivenEs {
  readonly predict: readonly number[];
  readonly holdOut: 'none' | 'largest';
  readonly bootstrap: number;
  readonly seed: number;
  readonly signal?: AbortSignal;
  /** Reports the share of bootstrap resamples done. */
  readonly progress?: (fraction: number) => void;
}

/** The pair held out: the largest compute where every pair has one, else the smallest x loss. */
function heldPair(points: readonly PairPoint[]): PairPoint | undefined {
  if (points.length === 0) return undefined;
  if (points.every((p) => p.C !== undefined)) return points.reduce((a, b) => ((b.C ?? 0) > (a.C ?? 0) ? b : a));
  return points.reduce((a, b) => (b.x < a.x ? b : a));
}

function predictionAt(where: string, x: number, best: LossToLoss, refits: readonly L2lFit[]): Prediction {
  const interval = intervalOf(
    refits.map((f) => l2lLoss(f.law, x)),
    SCALING_OPTIONS.level,
  );
  return { where, x, predicted: l2lLoss(best, x), ...(interval ? { interval } : {}) };
}

/** The law over x from the least to the most x fitted, held out or predicted, with intervals. */
function bandOf(best: LossToLoss, refits: readonly L2lFit[], xs: readonly number[]): Prediction[] {
  const lo = Math.max(Math.min(...xs), best.e0 + 1e-9);
  const hi = Math.max(...xs);
  return Array.from({ length: BAND_POINTS }, (_, i) => {
    const x = lo + ((hi - lo) * i) / (BAND_POINTS - 1);
    return predictionAt(`x = ${x.toPrecision(4)}`, x, best, refits);
  });
}

/** The fit, without the names of its source and columns. */
export type LossToLossFit = Omit<ScalingL2lResult, 'source' | 'x' | 'y'>;

/** Fits pairs of losses (checked first: bad pairs are refused with a message naming their row or run). */
export async function lossToLoss(points: readonly PairPoint[], o: LossToLossOptions): Promise<LossToLossFit> {
  const mode = modeOf(o);
  const held = o.holdOut === 'largest' ? heldPair(points) : undefined;
  const fitted = points.filter((p) => p !== held);
  checkPairs(points, mode, o.e0, o.e1);
  checkPairs(fitted, mode, o.e0, o.e1);
  const bad = o.predict.find((x) => !(x > 0));
  if (bad !== undefined) {
    throw new LensError('bad-input', `Cannot predict at x = ${quote(String(bad))}: a loss is above 0.`);
  }
  // A free E_x stays below the held-out and predicted x's too, so the law is defined where it is asked.
  const given = { e0: o.e0, e1: o.e1, xFloor: Math.min(held?.x ?? Number.POSITIVE_INFINITY, ...o.predict) };
  const best = fitL2l(fitted, given)?.law;
  if (!best) {
    throw new LensError(
      'bad-input',
      `No loss-to-loss law fits these ${fitted.length} pairs: the x losses may all be equal, or y may not grow ` +
        'with x. Check the two columns.',
    );
  }
  const below = o.predict.find((x) => !(x > best.e0));
  if (below !== undefined) {
    throw new LensError(
      'bad-input',
      `Cannot predict at x = ${quote(String(below))}: it is not above E_x = ${quote(String(best.e0))}. ` +
        'Predict at larger x losses.',
    );
  }
  const refits = await bootstrapFits(
    fitted.length,
    o.bootstrap,
    o.seed,
    (idx) =>
      fitL2l(
        idx.map((i) => fitted[i] as PairPoint),
        given,
        best,
      ),
    o.signal,
    o.progress,
  );
  const free = mode === 'fixed' ? [] : mode === 'e1-free' ? ['e1'] : ['e0', 'e1'];
  const fields = ['kappa', 'K', ...free].map((k) => [k, (f: L2lFit) => f.law[k as keyof LossToLoss]]);
  const rows: FittedPoint[] = fitted.map((p) => {
    const predicted = l2lLoss(best, p.x);
    return {
      where: p.where,
      ...(p.C !== undefined ? { C: p.C } : {}),
      x: p.x,
      loss: p.y,
      predicted,
      residual: p.y - predicted,
    };
  });
  let heldOut: Prediction | undefined;
  if (held) {
    const at = predictionAt(held.where, held.x, best, refits);
    heldOut = {
      ...at,
      ...(held.C !== undefined ? { C: held.C } : {}),
      loss: held.y,
      relativeError: (at.predicted - held.y) / held.y,
    };
  }
  return {
    mode,
    ...best,
    r2: rSquared(
      rows.map((r) => r.loss),
      rows.map((r) => r.predicted),
    ),
    resamples: refits.length,
    points: rows,
    intervals: intervalsOf(refits, Object.fromEntries(fields), SCALING_OPTIONS.level),
    band: bandOf(best, refits, [...points.map((p) => p.x), ...o.predict]),
    ...(o.predict.length > 0 ? { prediction: o.predict.map((x) => predictionAt(`x = ${x}`, x, best, refits)) } : {}),
    ...(heldOut ? { heldOut } : {}),
  };
}
