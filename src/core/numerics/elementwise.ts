/**
 * @file Elementwise kernels on float32 tensors of one length, written as tight loops over typed
 * arrays (no closure or allocation per element). Sums are taken in float64 in tensor order,
 * starting from 0, and rounded once to float32 when stored, so results do not depend on how the
 * loops are arranged. Callers check lengths and arguments; these kernels do not.
 */
import { drawsOf, type UniformSource } from './draws';
import { magnitudeThreshold } from './select';

/** out_j = Σ_i w_i T_i[j] (float64 sum from 0, rounded to float32). */
export function weightedSum(tensors: readonly Float32Array[], weights: readonly number[], n: number): Float32Array {
  const out = new Float32Array(n);
  const t0 = tensors[0] ?? out;
  const w0 = weights[0] ?? 0;
  if (tensors.length === 1) {
    for (let j = 0; j < n; j++) out[j] = 0 + w0 * (t0[j] ?? 0);
  } else if (tensors.length === 2) {
    const t1 = tensors[1] ?? out;
    const w1 = weights[1] ?? 0;
    for (let j = 0; j < n; j++) out[j] = 0 + w0 * (t0[j] ?? 0) + w1 * (t1[j] ?? 0);
  } else if (tensors.length > 2) {
    const acc = new Float64Array(n);
    for (let i = 0; i < tensors.length; i++) {
      const t = tensors[i] ?? out;
      const w = weights[i] ?? 0;
      for (let j = 0; j < n; j++) acc[j] = (acc[j] ?? 0) + w * (t[j] ?? 0);
    }
    out.set(acc);
  }
  return out;
}

/** An Int32Array over the bits of a float32 tensor. */
function bitsOf(t: Float32Array): Int32Array {
  return new Int32Array(t.buffer, t.byteOffset, t.length);
}

/**
 * `t` with all but its k largest-magnitude entries set to 0 (0 ≤ k ≤ length); entries equal in
 * magnitude at the threshold are kept lowest index first. Branch-free on the bits: kept entries
 * are copied bit for bit, dropped ones are +0.
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
  let equalLeft = k - above;
  for (let i = 0; i < n; i++) {
    const b = src[i] ?? 0;
    const m = b & 0x7fffffff;
    let keep = (bits - m) >>> 31;
    if (m === bits && equalLeft > 0) {
      keep = 1;
      equalLeft--;
    }
    dst[i] = b & -keep;
  }
  return out;
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
  for (let i = 0; i < n; i++) {
    out[i] = (t[i] ?? 0) / density;
    dst[i] = (dst[i] ?? 0) & -+((draws[i] ?? 1) < density);
  }
  return out;
}

/** Σ_i T_i[j] ('total') or Σ_i sign T_i[j] ('frequency'), in float64 from 0, at entry j. */
function signSum(tensors: readonly Float32Array[], j: number, frequency: boolean): number {
  let s = 0;
  if (frequency) for (let i = 0; i < tensors.length; i++) s += Math.sign(tensors[i]?.[j] ?? 0);
  else for (let i = 0; i < tensors.length; i++) s += tensors[i]?.[j] ?? 0;
  return s;
}

/** The elected sign per entry: +1 where the sum (of values, or of signs with `frequency`) is ≥ 0, else −1. */
export function majoritySign(tensors: readonly Float32Array[], n: number, frequency: boolean): Int8Array {
  const out = new Int8Array(n);
  for (let j = 0; j < n; j++) out[j] = +(signSum(tensors, j, frequency) >= 0) * 2 - 1;
  return out;
}

/** Σ_i w_i v_i over the v_i = T_i[j] whose sign is e, in tensor order (the plain form, for non-finite values). */
function agreeingSum(tensors: readonly Float32Array[], weights: readonly number[], j: number, e: number): number {
  let sum = 0;
  for (let i = 0; i < tensors.length; i++) {
    const v = tensors[i]?.[j] ?? 0;
    if (Math.sign(v) === e) sum += (weights[i] ?? 0) * v;
  }
  return sum;
}

/**
 * Σ_i w_i T_i[j]·[sign T_i[j] = e] / max(1, #agreeing) at entry j, for e = ±1 (zeros never agree).
 * Branch-free: a disagreeing v adds w·(v·0) = ±0, which leaves the float64 sum as the plain loop
 * has it; only non-finite values (v·0 = NaN) take the plain loop.
 */
function disjointEntry(tensors: readonly Float32Array[], weights: readonly number[], j: number, e: number): number {
  let sum = 0;
  let agree = 0;
  for (let i = 0; i < tensors.length; i++) {
    const v = tensors[i]?.[j] ?? 0;
    const k = +(v * e > 0);
    sum += (weights[i] ?? 0) * (v * k);
    agree += k;
  }
  if (sum !== sum) sum = agreeingSum(tensors, weights, j, e);
  return sum / (agree + +(agree === 0));
}

/** Σ_i w_i T_i[j]·[sign T_i[j] = e_j] / max(1, #agreeing) for every j (zeros never agree; e_j is ±1). */
export function disjointMerge(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  elected: Int8Array,
  n: number,
): Float32Array {
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = disjointEntry(tensors, weights, j, elected[j] ?? 1);
  return out;
}

/** TIES' election and disjoint mean in one pass over the entries. */
export function tiesMerge(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  n: number,
  frequency: boolean,
): Float32Array {
  if (tensors.length === 2 && !frequency) return tiesMergeTwo(tensors, weights, n);
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const e = +(signSum(tensors, j, frequency) >= 0) * 2 - 1;
    out[j] = disjointEntry(tensors, weights, j, e);
  }
  return out;
}

/** `tiesMerge` of two tensors by total sign, written out (the common case). */
function tiesMergeTwo(tensors: readonly Float32Array[], weights: readonly number[], n: number): Float32Array {
  const out = new Float32Array(n);
  const t0 = tensors[0] ?? out;
  const t1 = tensors[1] ?? out;
  const w0 = weights[0] ?? 0;
  const w1 = weights[1] ?? 0;
  for (let j = 0; j < n; j++) {
    const a = t0[j] ?? 0;
    const b = t1[j] ?? 0;
    const e = +(0 + a + b >= 0) * 2 - 1;
    const ka = +(a * e > 0);
    const kb = +(b * e > 0);
    let sum = 0 + w0 * (a * ka) + w1 * (b * kb);
    if (sum !== sum) sum = agreeingSum(tensors, weights, j, e);
    out[j] = sum / (1 + ka * kb);
  }
  return out;
}
