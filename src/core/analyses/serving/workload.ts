/**
 * @file Synthetic M/G/1 workloads (Poisson arrivals, sizes of mean 1 from a size law) and load rescaling.
 */
import type { Workload } from './types';

/**
 * A size law of mean 1: exponential, or an empirical one (e.g. Alpaca output lengths) scaled to mean 1, each
 * value spread uniformly over a cell as wide as the smallest gap between distinct values (a continuous law).
 */
export type SizeLaw = { kind: 'exponential' } | { kind: 'empirical'; values: Float64Array };

/** M/G/1 jobs: Poisson arrivals at rate rho (sizes scaled to mean 1, rate 1 token per unit time). */
export function mg1Workload(o: { rho: number; jobs: number; seed: number; sizes: SizeLaw }): Workload {
  void o;
  throw new Error('mg1Workload: not yet.');
}

/** The same requests with arrivals rescaled to `requestsPerSecond` on average (latency against load). */
export function withRate(w: Workload, requestsPerSecond: number): Workload {
  void requestsPerSecond;
  return w;
}
