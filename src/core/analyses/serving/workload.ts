/**
 * @file Synthetic M/G/1 workloads (Poisson arrivals, sizes of mean 1 from a size law) and load rescaling.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { LensError } from '../../errors';
import { sizeTable } from './sizeLaw';
import type { Workload } from './types';

/**
 * A size law of mean 1: exponential, or an empirical one (e.g. Alpaca output lengths) scaled to mean 1, each
 * value spread uniformly over a cell as wide as the smallest gap between distinct values (a continuous law).
 */
export type SizeLaw = { kind: 'exponential' } | { kind: 'empirical'; values: Float64Array };

/** Most jobs a synthetic workload may have. */
export const MAX_MG1_JOBS = 20_000_000;

/** M/G/1 jobs: Poisson arrivals at rate rho (sizes scaled to mean 1, rate 1 token per unit time). */
export function mg1Workload(o: { rho: number; jobs: number; seed: number; sizes: SizeLaw }): Workload {
  if (!(o.rho > 0) || !Number.isFinite(o.rho))
    throw new LensError('bad-input', `The load ${String(o.rho).slice(0, 40)} is not above 0. Give 0 < rho < 1.`);
  if (o.rho >= 1)
    throw new LensError(
      'bad-input',
      `load ≥ 1: the queue is unstable (rho = ${String(o.rho).slice(0, 40)}), so latency grows without bound. ` +
        'Give a load below 1.',
    );
  if (!Number.isInteger(o.jobs) || o.jobs < 1 || o.jobs > MAX_MG1_JOBS)
    throw new LensError('bad-input', `The job count ${String(o.jobs).slice(0, 40)} is not 1 to ${MAX_MG1_JOBS}.`);
  const table = sizeTable(o.sizes);
  const rng = xoroshiro128plus(o.seed | 0);
  const n = o.jobs;
  const arrival = new Float64Array(n);
  const size = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += -Math.log1p(-uniformFloat64(rng)) / o.rho;
    arrival[i] = t;
    // A size of exactly 0 (p = 0 of the exponential) would be no job: redraw it (probability 2⁻⁵³).
    let s = 0;
    while (!(s > 0)) s = table.quantile(uniformFloat64(rng));
    size[i] = s;
  }
  return { arrival, prompt: new Float64Array(n), size };
}

/** The same requests with arrivals rescaled to `requestsPerSecond` on average (latency against load). */
export function withRate(w: Workload, requestsPerSecond: number): Workload {
  const n = w.arrival.length;
  if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond))
    throw new LensError(
      'bad-input',
      `The request rate ${String(requestsPerSecond).slice(0, 40)} is not above 0. Give requests per second > 0.`,
    );
  const first = n > 0 ? (w.arrival[0] ?? 0) : 0;
  const span = n > 1 ? (w.arrival[n - 1] ?? 0) - first : 0;
  // n requests over the span: n − 1 gaps, so the mean gap is span / (n − 1).
  const scale = span > 0 ? (n - 1) / (span * requestsPerSecond) : 0;
  const arrival = new Float64Array(n);
  for (let i = 0; i < n; i++) arrival[i] = ((w.arrival[i] ?? 0) - first) * scale;
  return { ...w, arrival };
}
