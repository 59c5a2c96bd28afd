/**
 * @file The serving simulator's entry point: one policy on a workload under the options' cost model.
 */
import { LensError } from '../../errors';
import type { PolicySpec, SimOptions, SimRun, Workload } from './types';

/**
 * Simulates one policy on a workload under the options' cost model (async: yields to the event loop about
 * every 50 ms and throws `cancelled` on the signal; reports progress).
 */
export async function simulate(w: Workload, spec: PolicySpec, opts: SimOptions): Promise<SimRun> {
  await Promise.resolve();
  throw new LensError('internal', `simulate(${spec.policy}, ${opts.cost.mode}) on ${w.size.length} jobs: not yet.`);
}
