/**
 * @file Mean latency against load: in M/G/1 mode the same number of jobs drawn at each load ρ, beside the
 * closed form; on a trace the same requests with arrivals rescaled to multiples of its own mean rate.
 */
import { simulate } from '../../core/analyses/serving/simulate';
import { summarize } from '../../core/analyses/serving/summary';
import type { PolicySpec, SimOptions, Workload } from '../../core/analyses/serving/types';
import { mg1Workload, withRate } from '../../core/analyses/serving/workload';
import type { LoadPoint } from '../../shared/serving';
import { meanRate, type SimSource } from './source';

/** Most jobs simulated per load point (a run's own job count when smaller). */
export const LOAD_POINT_JOBS = 200_000;

/** What a load sweep needs. */
export interface LoadSweep {
  readonly source: SimSource;
  readonly specs: readonly PolicySpec[];
  readonly loads: readonly number[];
  readonly seed: number;
  /** Simulation options (no window: load points keep no segments). */
  readonly opts: (done: number) => SimOptions;
  /** The closed form of a spec at effective load ρ, where one applies. */
  readonly theory: (spec: PolicySpec, rho: number) => number | undefined;
  /** The M/G/1 cost model's rate (1 in batched mode: unused). */
  readonly rate: number;
}

/** The workload at one load, and what that load is. */
function workloadAt(s: LoadSweep, load: number): Workload {
  const src = s.source;
  if (src.sizes !== undefined) {
    const jobs = Math.min(src.workload.size.length, LOAD_POINT_JOBS);
    return mg1Workload({ rho: load * s.rate, jobs, seed: s.seed, sizes: src.sizes });
  }
  return withRate(src.workload, load * meanRate(src.workload));
}

/** Simulates every spec at every load; `notes` gets a line when a trace's loads cannot be drawn. */
export async function loadPoints(s: LoadSweep, notes: string[]): Promise<LoadPoint[]> {
  if (s.loads.length === 0) return [];
  if (s.source.sizes === undefined && meanRate(s.source.workload) === 0) {
    notes.push('Every request arrives at once, so there is no request rate to scale: no latency-against-load points.');
    return [];
  }
  const points: LoadPoint[] = [];
  let done = 0;
  for (const load of s.loads) {
    const w = workloadAt(s, load);
    for (const spec of s.specs) {
      const run = await simulate(w, spec, s.opts(done++));
      const summary = summarize(w, run);
      const theory = s.source.sizes !== undefined ? s.theory(spec, load) : undefined;
      points.push({
        policy: spec.policy,
        ...(spec.c !== undefined ? { c: spec.c } : {}),
        load,
        meanLatency: summary.meanLatency,
        meanTtft: summary.meanTtft,
        ...(theory !== undefined ? { theory } : {}),
      });
    }
  }
  return points;
}
