/**
 * @file Arrival times for traces that record none: Poisson arrivals (exponential gaps) at a given rate from a
 * seeded generator, so the same file always gives the same workload.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** The seed of drawn arrival times. */
export const ARRIVAL_SEED = 0;

/**
 * `count` Poisson arrival times at `rate` requests per second (the first gap counted from 0); a rate of
 * Infinity gives every request time 0, as a benchmark that sends all requests at once.
 */
export function poissonArrivals(count: number, rate: number, seed = ARRIVAL_SEED): Float64Array {
  const times = new Float64Array(count);
  if (rate === Infinity) return times;
  const rng = xoroshiro128plus(seed);
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += -Math.log1p(-uniformFloat64(rng)) / rate;
    times[i] = t;
  }
  return times;
}
