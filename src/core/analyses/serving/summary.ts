/**
 * @file Aggregate figures of a simulated run (mean, p50 and p99 latency and TTFT, preemptions, paused KV) and
 * empirical CDFs for charts.
 */
import type { SimRun, SimSummary, Workload } from './types';

/** Mean, p50 and p99 latency and TTFT of a run, its preemptions per job and paused KV (batched mode). */
export function summarize(w: Workload, run: SimRun, theory?: number): SimSummary {
  void w;
  void theory;
  throw new Error(`summarize(${run.spec.policy}): not yet.`);
}

/** Empirical CDF of values at `points` evenly spaced probabilities: [{p, value}] (for latency and TTFT CDFs). */
export function quantiles(values: Float64Array, points = 101): { p: number; value: number }[] {
  void values;
  void points;
  return [];
}
