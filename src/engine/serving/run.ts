/**
 * @file One policy × c simulated and made into what the panel draws: the summary (with the closed form where it
 * applies), latency and TTFT CDFs, the Gantt window's segments and the KV memory series, thinned to the limits.
 */
import { simulate } from '../../core/analyses/serving/simulate';
import { quantiles, summarize } from '../../core/analyses/serving/summary';
import type { PolicySpec, SimOptions, SimRun, Workload } from '../../core/analyses/serving/types';
import { SERVING_OPTIONS, type ServingRun } from '../../shared/serving';

/** Latencies (finish − arrival) and TTFTs (first token − arrival) of a run. */
export function delays(w: Workload, run: SimRun): { latency: Float64Array; ttft: Float64Array } {
  const n = w.arrival.length;
  const latency = new Float64Array(n);
  const ttft = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = w.arrival[i] ?? 0;
    latency[i] = Math.max(0, (run.finish[i] ?? a) - a);
    ttft[i] = Math.max(0, (run.firstToken[i] ?? a) - a);
  }
  return { latency, ttft };
}

/**
 * At most `limit` points of a memory series: each of `limit` buckets keeps its point of most paused memory
 * (so peaks survive thinning), in time order.
 */
export function thinMemory(m: SimRun['memory'], limit: number = SERVING_OPTIONS.memoryPoints): ServingRun['memory'] {
  const n = m.t.length;
  if (n <= limit) return { t: Array.from(m.t), paused: Array.from(m.paused), running: Array.from(m.running) };
  const out = { t: [] as number[], paused: [] as number[], running: [] as number[] };
  for (let b = 0; b < limit; b++) {
    const lo = Math.floor((b * n) / limit);
    const hi = Math.floor(((b + 1) * n) / limit);
    let best = lo;
    for (let i = lo + 1; i < hi; i++) if ((m.paused[i] ?? 0) > (m.paused[best] ?? 0)) best = i;
    out.t.push(m.t[best] ?? 0);
    out.paused.push(m.paused[best] ?? 0);
    out.running.push(m.running[best] ?? 0);
  }
  return out;
}

/** Simulates one policy × c and shapes it for the result; `theory` is the closed form where one applies. */
export async function servingRun(
  w: Workload,
  spec: PolicySpec,
  opts: SimOptions,
  theory: number | undefined,
): Promise<{ run: ServingRun; segmentsCut: boolean }> {
  const sim = await simulate(w, spec, opts);
  const { latency, ttft } = delays(w, sim);
  const summary = summarize(w, sim, theory);
  const segmentsCut = sim.segments.length > SERVING_OPTIONS.segments;
  const run: ServingRun = {
    summary: { ...summary },
    latency: quantiles(latency, SERVING_OPTIONS.quantiles),
    ttft: quantiles(ttft, SERVING_OPTIONS.quantiles),
    segments: sim.segments.slice(0, SERVING_OPTIONS.segments).map((s) => ({ ...s })),
    memory: thinMemory(sim.memory),
  };
  return { run, segmentsCut };
}
