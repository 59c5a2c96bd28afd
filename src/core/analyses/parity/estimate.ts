/**
 * @file A grid's time estimate from a short measured run, so a long grid can be confirmed before it starts. Steps
 * are timed at the smallest and the largest width (the largest capped at {@link MEASURE_WIDTH_CAP}; time per step
 * is fitted as a + b·width and extrapolated); an evaluation of `rows` examples is counted as rows / batch forward
 * passes, a third of a step each. Every run is assumed to go to the cutoff, so the estimate is an upper bound: runs
 * stop when they succeed.
 */
import { PARITY_OPTIONS, type ParityEstimate, type ParityGridParams } from '../../../shared/parity';
import { paritySupport } from './data';
import { gridCells } from './grid';
import { REWIND_RUNS } from './rewind';
import { runSpec } from './spec';
import { trainRun } from './train';

/** Widest network whose step is timed (wider ones are extrapolated). */
export const MEASURE_WIDTH_CAP = 2000;
/** Time spent measuring one width, about (seconds). */
const MEASURE_SECONDS = 0.05;

/** Seconds per training step at `width` (no evaluation), timed on this thread after a warm-up run. */
export function stepSeconds(p: ParityGridParams, width: number): number {
  const support = paritySupport(p.n, p.k, p.seed);
  const spec = { ...runSpec(p, support, { width, samples: 0, init: 'dense' }, 0), evalEvery: 1e9, testSize: 0 };
  // Cold code runs many times slower than optimized code: warm the training loop up on a small network first.
  trainRun({ ...spec, width: Math.min(width, 16), steps: 200, report: 0 });
  let steps = 2;
  for (;;) {
    const t = performance.now();
    trainRun({ ...spec, steps, report: 0 });
    const seconds = (performance.now() - t) / 1000;
    if (seconds >= MEASURE_SECONDS || steps >= 512) return seconds / steps;
    steps *= 4;
  }
}

/** The grid's estimated wall time on `workers` threads (see the file comment). */
export function estimateGrid(p: ParityGridParams, workers: number, time = stepSeconds): ParityEstimate {
  const lo = Math.min(...p.widths);
  const hi = Math.min(Math.max(...p.widths), MEASURE_WIDTH_CAP);
  const tLo = time(p, lo);
  const tHi = hi === lo ? tLo : time(p, hi);
  const slope = hi === lo ? tLo / Math.max(1, lo) : Math.max(0, (tHi - tLo) / (hi - lo));
  const base = Math.max(0, tLo - slope * lo);
  const step = (w: number) => base + slope * w;
  const evals = Math.ceil(p.steps / p.evalEvery);
  const perRun = (w: number, m: number) => {
    const rows = p.testSize + (m > 0 ? m : Math.min(p.testSize, 1000));
    return p.steps * step(w) + (evals * rows * step(w)) / (3 * p.batch);
  };
  const cells = gridCells(p);
  const total = cells.reduce((a, c) => a + p.seeds * perRun(c.width, c.samples), 0);
  const rewind = p.rewind ? 2 * REWIND_RUNS * p.steps * step(2 * p.k) : 0;
  const threads = Math.max(1, Math.min(workers, cells.length * p.seeds));
  const seconds = total / threads + rewind / Math.max(1, Math.min(workers, 2 * REWIND_RUNS));
  return {
    seconds,
    runs: cells.length * p.seeds,
    workers: threads,
    stepsPerSecond: 1 / Math.max(1e-12, step(Math.max(...p.widths))),
    confirm: seconds > PARITY_OPTIONS.confirmSeconds,
  };
}
