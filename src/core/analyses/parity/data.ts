/**
 * @file (n, k)-sparse parity data: x uniform on {±1}^n, y = Π_{i∈S} x_i with |S| = k, S drawn from a seed. Rows
 * are stored row-major in a Float32Array (count × n), labels ±1 in another.
 */
import { LensError } from '../../errors';
import { Rng, mixSeed } from '../../random/draws';

/** A set of labelled examples: `x` is count × dims row-major, `y` holds ±1 (parity) or class indices (tables). */
export interface Examples {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly count: number;
  readonly dims: number;
}

/** The relevant coordinates S: k distinct indices of [0, n) drawn from `seed`, increasing. */
export function paritySupport(n: number, k: number, seed: number): number[] {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(k) || k < 1 || n < k)
    throw new LensError('bad-input', `A parity needs 1 ≤ k ≤ n; got n = ${n}, k = ${k}. Give a smaller k.`);
  return new Rng(mixSeed(seed, 0x5e7)).distinct(k, n).sort((a, b) => a - b);
}

/** Fills `into` (from row `at`) with `count` fresh examples of the parity on `support`, drawn from `rng`. */
export function drawParity(
  rng: Rng,
  n: number,
  support: readonly number[],
  count: number,
  into: Examples = { x: new Float32Array(count * n), y: new Float32Array(count), count, dims: n },
  at = 0,
): Examples {
  for (let r = at; r < at + count; r++) {
    const row = r * n;
    for (let i = 0; i < n; i++) into.x[row + i] = rng.sign();
    let y = 1;
    for (const i of support) y *= into.x[row + i] ?? 1;
    into.y[r] = y;
  }
  return into;
}

/** `count` examples of the parity on `support`, drawn from `seed`. */
export function parityExamples(n: number, support: readonly number[], count: number, seed: number): Examples {
  return drawParity(new Rng(seed), n, support, count);
}
