/**
 * @file The Gantt window: a busy stretch of a few dozen requests in the middle of the workload (unless the
 * request names one), and the requests whose segments fall in it.
 */
import type { Workload } from '../../core/analyses/serving/types';
import { SERVING_OPTIONS, type ServingRun, type ServingSimulateResult } from '../../shared/serving';

/** Requests spanned by the default window. */
export const WINDOW_REQUESTS = 40;

/** Most requests listed for the window. */
const MAX_WINDOW_JOBS = 10_000;

/** From the arrival of the request WINDOW_REQUESTS / 2 before the middle one to that of the one as far after. */
export function pickWindow(w: Workload): [number, number] {
  const n = w.arrival.length;
  const lo = Math.max(0, Math.floor(n / 2) - WINDOW_REQUESTS / 2);
  const hi = Math.min(n - 1, lo + WINDOW_REQUESTS);
  const t0 = w.arrival[lo] ?? 0;
  const t1 = w.arrival[hi] ?? 0;
  return [t0, t1 > t0 ? t1 : t0 + 1];
}

/** The requests with a segment in the window or an arrival in it, ascending, with their predictions. */
export function windowJobs(
  w: Workload,
  runs: readonly ServingRun[],
  window: readonly [number, number],
  predicted: Float64Array,
): ServingSimulateResult['windowJobs'] {
  const ids = new Set<number>();
  for (const run of runs) for (const s of run.segments) ids.add(s.job);
  for (let i = 0; i < w.arrival.length && ids.size < SERVING_OPTIONS.segments; i++) {
    const a = w.arrival[i] ?? 0;
    if (a > window[1]) break;
    if (a >= window[0]) ids.add(i);
  }
  return [...ids]
    .sort((a, b) => a - b)
    .slice(0, MAX_WINDOW_JOBS)
    .map((job) => ({
      job,
      arrival: w.arrival[job] ?? 0,
      size: w.size[job] ?? 1,
      ...(Number.isFinite(predicted[job]) ? { predicted: Math.max(0, predicted[job] ?? 0) } : {}),
    }));
}
