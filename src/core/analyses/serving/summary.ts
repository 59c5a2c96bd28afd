/**
 * @file Aggregate figures of a simulated run (mean, p50 and p99 latency and TTFT, preemptions, paused KV) and
 * empirical CDFs for charts. Quantiles interpolate linearly between order statistics (numpy's default).
 */
import type { SimRun, SimSummary, Workload } from './types';

/** Mean, p50 and p99 latency and TTFT of a run, its preemptions per job and paused KV (batched mode). */
export function summarize(w: Workload, run: SimRun, theory?: number): SimSummary {
  const n = w.arrival.length;
  const latency = new Float64Array(n);
  const ttft = new Float64Array(n);
  let preemptions = 0;
  for (let i = 0; i < n; i++) {
    const a = w.arrival[i] ?? 0;
    latency[i] = (run.finish[i] ?? NaN) - a;
    ttft[i] = (run.firstToken[i] ?? NaN) - a;
    preemptions += run.preemptions[i] ?? 0;
  }
  const meanLatency = mean(latency);
  const meanTtft = mean(ttft);
  latency.sort();
  ttft.sort();
  const kv = pausedKv(run);
  return {
    policy: run.spec.policy,
    ...(run.spec.c === undefined ? {} : { c: run.spec.c }),
    jobs: n,
    meanLatency,
    p50: quantileSorted(latency, 0.5),
    p99: quantileSorted(latency, 0.99),
    meanTtft,
    p50Ttft: quantileSorted(ttft, 0.5),
    p99Ttft: quantileSorted(ttft, 0.99),
    preemptionsPerJob: n > 0 ? preemptions / n : 0,
    ...kv,
    ...(theory === undefined ? {} : { theory }),
  };
}

/** Empirical CDF of values at `points` evenly spaced probabilities: [{p, value}] (for latency and TTFT CDFs). */
export function quantiles(values: Float64Array, points = 101): { p: number; value: number }[] {
  if (values.length === 0 || points < 1) return [];
  const sorted = Float64Array.from(values).sort();
  const out: { p: number; value: number }[] = [];
  for (let k = 0; k < points; k++) {
    const p = points === 1 ? 0.5 : k / (points - 1);
    out.push({ p, value: quantileSorted(sorted, p) });
  }
  return out;
}

/** The p-quantile of sorted values, interpolated linearly between order statistics (NaN when empty). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const x = p * (n - 1);
  const k = Math.floor(x);
  const f = x - k;
  const lo = sorted[k] ?? NaN;
  return f === 0 ? lo : lo + ((sorted[k + 1] ?? lo) - lo) * f;
}

function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length > 0 ? s / values.length : NaN;
}

/**
 * Time-averaged and peak KV tokens held by paused requests: the memory series is a step function (each value
 * holds until the next time), averaged over its span. Absent when the run recorded no memory (M/G/1 mode).
 */
function pausedKv(run: SimRun): { meanPausedKv?: number; peakPausedKv?: number } {
  const { t, paused } = run.memory;
  const m = t.length;
  if (m === 0) return {};
  let area = 0;
  let peak = 0;
  for (let k = 0; k < m; k++) {
    const v = paused[k] ?? 0;
    peak = Math.max(peak, v);
    if (k + 1 < m) area += v * ((t[k + 1] ?? 0) - (t[k] ?? 0));
  }
  const span = (t[m - 1] ?? 0) - (t[0] ?? 0);
  return { meanPausedKv: span > 0 ? area / span : (paused[0] ?? 0), peakPausedKv: peak };
}
