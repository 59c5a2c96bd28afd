/**
 * @file Predicted lengths for a run (perfect, noisy from the seed, or the workload's model columns) and the
 * predicted remaining length at an age, which is what the preemptive policies rank by.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { LensError } from '../../errors';
import type { Predictions, Workload } from './types';

/** A run's predictions: the initial one per request, and the refined remaining lengths when a model gave them. */
export interface Predicted {
  readonly initial: Float64Array;
  readonly refined?: readonly (Float32Array | undefined)[];
}

/** σ of noisy predictions, refused unless a finite number ≥ 0 (the simulation and the theory both check it). */
export function checkedSigma(sigma: number): number {
  if (!(sigma >= 0) || !Number.isFinite(sigma))
    throw new LensError(
      'bad-input',
      `The noise σ ${String(sigma).slice(0, 40)} is not a finite number ≥ 0. Give σ ≥ 0.`,
    );
  return sigma;
}

/** The initial (and refined) predictions of `w` under `p`; noisy ones are drawn from `seed`. */
export function predictionsFor(w: Workload, p: Predictions, seed: number): Predicted {
  if (p.kind === 'perfect') return { initial: w.size };
  if (p.kind === 'noisy') {
    return { initial: noisy(w.size, checkedSigma(p.sigma), seed) };
  }
  if (w.predicted === undefined)
    throw new LensError(
      'bad-input',
      'Model predictions were asked for, but the trace has no predicted column. Add one, or choose perfect/noisy.',
    );
  return w.refined === undefined ? { initial: w.predicted } : { initial: w.predicted, refined: w.refined };
}

/** size·e^{σZ} per request, Z standard normal by Box–Muller from a seeded xoroshiro128+. */
function noisy(size: Float64Array, sigma: number, seed: number): Float64Array {
  const rng = xoroshiro128plus(seed | 0);
  const out = new Float64Array(size.length);
  for (let i = 0; i < size.length; i += 2) {
    const u = 1 - uniformFloat64(rng);
    const v = uniformFloat64(rng);
    const radius = Math.sqrt(-2 * Math.log(u));
    out[i] = (size[i] ?? 0) * Math.exp(sigma * radius * Math.cos(2 * Math.PI * v));
    if (i + 1 < size.length) out[i + 1] = (size[i + 1] ?? 0) * Math.exp(sigma * radius * Math.sin(2 * Math.PI * v));
  }
  return out;
}

/**
 * Predicted remaining length of a request of initial prediction `initial` at age `age` (tokens served): the
 * refined value at that token when a model refined it (counting down by one per token past its end), else
 * initial − age (which may go below 0 when the request outlives its prediction).
 */
export function remainingAt(initial: number, refined: Float32Array | undefined, age: number): number {
  if (refined === undefined || refined.length === 0) return initial - age;
  const k = Math.floor(age);
  const last = refined.length - 1;
  return k <= last ? (refined[k] ?? 0) : (refined[last] ?? 0) - (k - last);
}
