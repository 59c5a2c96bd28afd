/**
 * @file The scaling toolkit in the engine: fit a law to each dataset of a training log, fit a loss-to-loss law
 * between two losses (rows of a table, or runs of two datasets paired by size), and translate a law.
 */
import { fitDataset } from '../../core/analyses/scaling/datasetFit';
import { lossToLoss } from '../../core/analyses/scaling/lossToLoss';
import { optimalOf, translateLaw } from '../../core/analyses/scaling/laws';
import type { PairPoint } from '../../core/analyses/scaling/l2l';
import { readLog } from '../../core/formats/logs/index';
import {
  scalingFitRequest,
  scalingL2lRequest,
  scalingTranslateRequest,
  type DatasetFit,
  type ScalingFitParams,
  type ScalingFitResult,
  type ScalingL2lParams,
  type ScalingL2lResult,
} from '../../shared/scaling';
import { LensError } from '../../core/errors';
import { passYield } from '../../core/model/pacing';
import { quote } from '../../shared/schema';
import { handle, type EngineToolkit, type Job } from '../toolkit';
import {
  byDataset,
  chosenRuns,
  lawPoints,
  logRuns,
  lossOf,
  pairRuns,
  rowPairs,
  runsOfDataset,
  type LogRuns,
} from './runs';

const options = (p: { bootstrap: number; seed: number }, job: Job) => ({
  bootstrap: p.bootstrap,
  seed: p.seed,
  signal: job.signal,
});

/** Fits each dataset of the log. */
export async function scalingFit(p: ScalingFitParams, job: Job): Promise<ScalingFitResult> {
  const log = await logRuns(p.path, p.mapping, job.signal);
  const groups = [...byDataset(log.runs)];
  const fits: DatasetFit[] = [];
  for (const [i, [dataset, runs]] of groups.entries()) {
    job.progress(i / groups.length, `Fitting ${dataset}`);
    const loss = lossOf(runs, log.mapping, p.loss);
    await passYield(job.signal);
    const progress = (f: number) => job.progress((i + f) / groups.length, `Bootstrap of ${dataset}`);
    const o = { law: p.law, holdOut: p.holdOut, ...options(p, job), progress };
    fits.push(await fitDataset(dataset, loss, lawPoints(runs, loss), o));
  }
  return { source: log.table.source, mapping: log.mapping, fits };
}

/** E's of the compute laws fitted to each side's runs (less the held-out run when one is held out). */
async function esFromFits(p: ScalingL2lParams, log: LogRuns, job: Job): Promise<{ e0: number; e1: number }> {
  const side = async (s: ScalingL2lParams['x']) => {
    const runs = s.dataset !== undefined ? runsOfDataset(log.runs, s.dataset) : [...log.runs];
    const name = s.dataset ?? 'all runs';
    const fit = await fitDataset(name, s.column, lawPoints(runs, s.column), {
      law: 'compute',
      holdOut: p.holdOut,
      bootstrap: 0,
      seed: p.seed,
      signal: job.signal,
    });
    return fit.law.params.E;
  };
  return { e0: await side(p.x), e1: await side(p.y) };
}

/** Fits a loss-to-loss law between two losses of a log. */
export async function scalingL2l(p: ScalingL2lParams, job: Job): Promise<ScalingL2lResult> {
  const paired = p.x.dataset !== undefined || p.y.dataset !== undefined;
  const needsRuns = paired || p.eFromFits === true;
  const log = needsRuns ? await logRuns(p.path, p.mapping, job.signal) : undefined;
  let points: PairPoint[];
  if (log && paired) {
    if (p.x.dataset === undefined || p.y.dataset === undefined) {
      throw new LensError('bad-input', 'Name both datasets (--x-dataset and --y-dataset) to pair their runs.');
    }
    const xs = chosenRuns(runsOfDataset(log.runs, p.x.dataset), p.x.runs);
    points = pairRuns(xs, chosenRuns(runsOfDataset(log.runs, p.y.dataset), p.y.runs), p.x.column, p.y.column);
    if (points.length === 0) {
      throw new LensError(
        'bad-input',
        `No run of "${quote(p.x.dataset)}" has the (N, D) of a run of "${quote(p.y.dataset)}" with both losses ` +
          'logged. Train the two datasets at the same sizes, or give a table of paired losses.',
      );
    }
  } else {
    const table = log?.table ?? (await readLog(p.path, { signal: job.signal }));
    const mapping = log?.mapping ?? p.mapping;
    points = rowPairs(table, p.x.column, p.y.column, mapping);
  }
  const es = log && p.eFromFits === true ? await esFromFits(p, log, job) : { e0: p.e0, e1: p.e1 };
  const progress = (f: number) => job.progress(f, 'Bootstrap');
  const fit = await lossToLoss(points, { ...es, predict: p.predict, holdOut: p.holdOut, ...options(p, job), progress });
  const name = (s: ScalingL2lParams['x']) => (s.dataset !== undefined ? `${s.dataset}: ${s.column}` : s.column);
  return { source: p.path, x: name(p.x), y: name(p.y), ...fit };
}

/** Handlers of the scaling toolkit. */
export const scalingEngine: EngineToolkit = () => [
  handle(scalingFitRequest, scalingFit),
  handle(scalingL2lRequest, scalingL2l),
  handle(scalingTranslateRequest, (p) => {
    const law = translateLaw(p.law, p);
    return { law, optimal: optimalOf(law) };
  }),
];
