/**
 * @file Truncated SVD of a module update into LoRA factors B = U_k Σ_k [out × k] and
 * A = V_kᵀ [k × in], as PEFT's svd merges return them, on the numerics module: a low-rank update
 * B·A exactly through Gram passes over both factors (cost O((out + in)·R²), the products on the
 * kernel); a dense update (after TIES or DARE) by ml-matrix when it is small, else by block
 * subspace iteration run until the top-k singular values settle.
 */
import { productSvdBatched, truncatedSvd, type TruncatedSvd, type TruncatedSvdOptions } from '../../numerics/svd';
import { allFinite } from '../../numerics/types';
import type { Matrix } from '../../formats/peft/types';

/** LoRA factors of a rank-k approximation. */
export interface Factors {
  /** [out × k], the left singular vectors times the singular values. */
  readonly b: Matrix;
  /** [k × in], the right singular vectors as rows. */
  readonly a: Matrix;
  /** The singular values found, descending (every one of B·A for the low-rank path, k for the dense one). */
  readonly singularValues: Float64Array;
}

/** B = U_k Σ_k and A = V_kᵀ, rounded to float32. */
function toFactors(svd: TruncatedSvd): Factors {
  const { u, s, v } = svd;
  const k = s.length;
  const b = new Float32Array(u.rows * k);
  for (let i = 0; i < u.rows; i++)
    for (let j = 0; j < k; j++) b[i * k + j] = (u.data[i * k + j] as number) * (s[j] as number);
  const a = new Float32Array(k * v.rows);
  for (let i = 0; i < v.rows; i++) for (let j = 0; j < k; j++) a[j * v.rows + i] = v.data[i * k + j] as number;
  return { b: { rows: u.rows, cols: k, data: b }, a: { rows: k, cols: v.rows, data: a }, singularValues: s };
}

/**
 * Factors filled with NaN for an update that holds NaN or Infinity (weights that overflow float32): the merge
 * returns them and `loraMerge` refuses the result, naming the method and the module.
 */
function nonFinite(rows: number, cols: number, k: number): Factors {
  const b = new Float32Array(rows * k).fill(NaN);
  const a = new Float32Array(k * cols).fill(NaN);
  return {
    b: { rows, cols: k, data: b },
    a: { rows: k, cols, data: a },
    singularValues: new Float64Array(k).fill(NaN),
  };
}

/** The SVD of B·A (B [out × R], A [R × in]) truncated to rank k, exactly (no iteration). */
export async function lowRankSvd(b: Matrix, a: Matrix, k: number): Promise<Factors> {
  const [f] = await lowRankSvdBatched([b], [a], k);
  return f as Factors;
}

/** {@link lowRankSvd} of many updates of one shape at once (B_i [out × R], A_i [R × in]). */
export async function lowRankSvdBatched(bs: readonly Matrix[], as: readonly Matrix[], k: number): Promise<Factors[]> {
  const first = bs[0];
  const firstA = as[0];
  if (first === undefined || firstA === undefined) return [];
  if (bs.some((b) => !allFinite(b.data)) || as.some((a) => !allFinite(a.data))) {
    return bs.map(() => nonFinite(first.rows, firstA.cols, k));
  }
  const b = { count: bs.length, rows: first.rows, cols: first.cols, data: concat(bs) };
  const a = { count: as.length, rows: firstA.rows, cols: firstA.cols, data: concat(as) };
  return (await productSvdBatched(b, a, k)).map((f) => ({
    b: { rows: f.us.rows, cols: k, data: Float32Array.from(f.us.data) },
    a: { rows: k, cols: f.vt.cols, data: Float32Array.from(f.vt.data) },
    singularValues: f.all,
  }));
}

function concat(ms: readonly Matrix[]): Float32Array {
  const size = ms[0]?.data.length ?? 0;
  const out = new Float32Array(ms.length * size);
  ms.forEach((m, i) => out.set(m.data, i * size));
  return out;
}

/** Options for the dense truncated SVD. */
export type DenseSvdOptions = TruncatedSvdOptions;

/** Rank-k truncated SVD of a dense matrix. */
export async function denseTruncatedSvd(m: Matrix, k: number, options: DenseSvdOptions = {}): Promise<Factors> {
  if (!allFinite(m.data)) return nonFinite(m.rows, m.cols, k);
  return toFactors(await truncatedSvd(m, k, options));
}
