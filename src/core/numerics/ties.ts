/**
 * @file TIES' kernels on float32 tensors of one length: the sign elected per entry (sign of the
 * sum of the values, or of their signs; a zero sum elects +) and the disjoint mean (the mean of the
 * weighted values whose sign is the elected one; zeros never agree). Sums are float64 from 0 in
 * tensor order, rounded once to float32, as in elementwise.ts; agreement is computed without
 * branches, and the two-tensor case (the usual merge of two adapters) is written out and unrolled
 * eight entries a step.
 */

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

/** Two tensors and their weights. */
interface Pair {
  readonly t0: Float32Array;
  readonly t1: Float32Array;
  readonly w0: number;
  readonly w1: number;
}

/** Entry j of `tiesMerge` for two tensors by total sign. */
function tiesStep(out: Float32Array, p: Pair, tensors: readonly Float32Array[], weights: readonly number[], j: number) {
  const a = p.t0[j] ?? 0;
  const b = p.t1[j] ?? 0;
  const e = +(0 + a + b >= 0) * 2 - 1;
  const ka = +(a * e > 0);
  const kb = +(b * e > 0);
  let sum = 0 + p.w0 * (a * ka) + p.w1 * (b * kb);
  if (sum !== sum) sum = agreeingSum(tensors, weights, j, e);
  out[j] = sum / (1 + ka * kb);
}

/** `tiesMerge` of two tensors by total sign, written out (the common case). */
function tiesMergeTwo(tensors: readonly Float32Array[], weights: readonly number[], n: number): Float32Array {
  const out = new Float32Array(n);
  const [t0 = out, t1 = out] = tensors;
  const [w0 = 0, w1 = 0] = weights;
  const p: Pair = { t0, t1, w0, w1 };
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    tiesStep(out, p, tensors, weights, j);
    tiesStep(out, p, tensors, weights, j + 1);
    tiesStep(out, p, tensors, weights, j + 2);
    tiesStep(out, p, tensors, weights, j + 3);
    tiesStep(out, p, tensors, weights, j + 4);
    tiesStep(out, p, tensors, weights, j + 5);
    tiesStep(out, p, tensors, weights, j + 6);
    tiesStep(out, p, tensors, weights, j + 7);
  }
  for (; j < n; j++) tiesStep(out, p, tensors, weights, j);
  return out;
}
