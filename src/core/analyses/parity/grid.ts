/**
 * @file A parity grid: its cells (init × samples × width), the run spec of each cell and seed, the aggregation of
 * runs into cells (success rate, median steps), the luck curve, and the whole run given a function that trains one
 * spec (in this thread, or on a worker pool in the engine). Each finished cell is reported as a partial result.
 */
import {
  PARITY_OPTIONS,
  type ParityCell,
  type ParityCurve,
  type ParityGridParams,
  type ParityGridResult,
  type LuckPoint,
} from '../../../shared/parity';
import { throwIfCancelled } from '../../errors';
import { paritySupport } from './data';
import { luckClosedForm } from './luck';
import { medianSteps, runSpec, type CellKey, type RunExec } from './spec';
import { lotteryTicket } from './rewind';
import type { RunResult } from './train';

/** The grid's cells: per init, per sample size, per width (the order a heatmap fills in). */
export function gridCells(p: Pick<ParityGridParams, 'inits' | 'samples' | 'widths'>): CellKey[] {
  return p.inits.flatMap((init) => p.samples.flatMap((samples) => p.widths.map((width) => ({ width, samples, init }))));
}

/** A cell's summary from its runs. */
export function cellOf(key: CellKey, results: readonly RunResult[]): ParityCell {
  const meanTest = results.reduce((a, r) => a + r.finalTest, 0) / Math.max(1, results.length);
  return {
    ...key,
    runs: results.length,
    successes: results.filter((r) => r.success).length,
    medianSteps: medianSteps(results),
    meanTest: Math.min(1, Math.max(0, meanTest)),
  };
}

/** The luck curve: per init and width, the measured success rate at the largest sample size (online counts as
 *  largest) beside the closed form (sparse init only). */
export function luckCurve(p: ParityGridParams, cells: readonly ParityCell[]): LuckPoint[] {
  const samples = p.samples.includes(0) ? 0 : Math.max(...p.samples);
  return cells
    .filter((c) => c.samples === samples && c.runs > 0)
    .map((c) => ({
      width: c.width,
      init: c.init,
      samples,
      measured: c.successes / c.runs,
      runs: c.runs,
      closedForm: c.init === 'sparse' ? luckClosedForm(p.n, p.k, p.sparsity, c.width) : null,
    }));
}

/** A run's train/test curve for the result. */
export function curveOf(key: CellKey, seed: number, r: RunResult): ParityCurve {
  return { ...key, seed, step: r.curve.step, train: r.curve.train, test: r.curve.test };
}

/** Options of {@link runGrid}. */
export interface GridRun {
  readonly exec: RunExec;
  readonly signal?: AbortSignal;
  readonly partial?: (r: ParityGridResult) => void;
  readonly progress?: (fraction: number, message: string) => void;
}

/** Trains the whole grid (all runs handed to `exec` at once; a pool runs them), then the rewind check. */
export async function runGrid(p: ParityGridParams, o: GridRun): Promise<ParityGridResult> {
  const started = Date.now();
  const support = paritySupport(p.n, p.k, p.seed);
  const keys = gridCells(p);
  const finished: (ParityCell | undefined)[] = keys.map(() => undefined);
  const runs: RunResult[][] = keys.map(() => []);
  const curveAt: (ParityCurve | undefined)[] = keys.map(() => undefined);
  const base = { n: p.n, k: p.k, support, sparsity: p.sparsity, steps: p.steps, totalCells: keys.length };
  const snapshot = (done: boolean): ParityGridResult => {
    const cells = finished.filter((c): c is ParityCell => c !== undefined);
    const curves = curveAt.filter((c): c is ParityCurve => c !== undefined).slice(0, PARITY_OPTIONS.curves);
    return { ...base, cells, luck: luckCurve(p, cells), curves, seconds: (Date.now() - started) / 1000, done };
  };
  let doneRuns = 0;
  const total = keys.length * p.seeds;
  await Promise.all(
    keys.map(async (key, c) => {
      const results = await Promise.all(
        Array.from({ length: p.seeds }, async (_, run) => {
          const r = await o.exec(runSpec(p, support, key, run));
          o.progress?.(++doneRuns / total, `Trained ${doneRuns} of ${total} runs`);
          return r;
        }),
      );
      runs[c] = results;
      finished[c] = cellOf(key, results);
      if (results[0] !== undefined) curveAt[c] = curveOf(key, 0, results[0]);
      o.partial?.(snapshot(false));
    }),
  );
  if (o.signal !== undefined) throwIfCancelled(o.signal);
  const lottery = await lotteryTicket(p, support, keys, runs, o.exec);
  if (o.signal !== undefined) throwIfCancelled(o.signal);
  return { ...snapshot(true), ...lottery };
}
