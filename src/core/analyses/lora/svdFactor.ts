/**
 * @file Truncated SVD of a module update into LoRA factors B = U_k Σ_k [out × k] and
 * A = V_kᵀ [k × in], as PEFT's svd merges return them. A low-rank update B·A is factorised
 * exactly through QR of both factors and a small Jacobi SVD (cost O((out + in)·R²)); a dense
 * update (after TIES or DARE) by Jacobi when it is small, else by block subspace iteration
 * run until the top-k singular values settle.
 */
import { columnsOf, jacobiSvd, qrThin, type Columns, type Svd } from './linalg';
import { rngSeeded } from '../../random/rng';
import type { Matrix } from '../../formats/peft/types';
import { LensError } from '../../errors';

/** LoRA factors of a rank-k approximation. */
export interface Factors {
  /** [out × k], the left singular vectors times the singular values. */
  readonly b: Matrix;
  /** [k × in], the right singular vectors as rows. */
  readonly a: Matrix;
  /** All singular values found, descending (R of them for the exact low-rank path). */
  readonly singularValues: Float64Array;
}

function checkRank(k: number, rows: number, cols: number): void {
  if (!Number.isInteger(k) || k < 1 || k > Math.min(rows, cols)) {
    throw new LensError(
      'bad-input',
      `SVD rank ${k} is not possible for a [${rows} × ${cols}] update; choose a rank from 1 to ` +
        `${Math.min(rows, cols)}.`,
    );
  }
}

/** Builds B = U_k Σ_k and A = V_kᵀ from an SVD given through U and V columns (zero-padded past the SVD's length). */
function toFactors(u: Columns, s: Float64Array, v: Columns, rows: number, cols: number, k: number): Factors {
  const b = new Float32Array(rows * k);
  const a = new Float32Array(k * cols);
  for (let j = 0; j < Math.min(k, s.length); j++) {
    const sj = s[j] ?? 0;
    const uj = u[j] as Float64Array;
    const vj = v[j] as Float64Array;
    for (let i = 0; i < rows; i++) b[i * k + j] = (uj[i] ?? 0) * sj;
    for (let i = 0; i < cols; i++) a[j * cols + i] = vj[i] ?? 0;
  }
  return { b: { rows, cols: k, data: b }, a: { rows: k, cols, data: a }, singularValues: s };
}

/** Q · W, for Q given as columns (length n) and W row-major [Q.length × m]: m columns of length n. */
function combine(q: Columns, w: Columns): Columns {
  return w.map((wc) => {
    const out = new Float64Array(q[0]?.length ?? 0);
    for (let i = 0; i < q.length; i++) {
      const c = wc[i] ?? 0;
      if (c === 0) continue;
      const qi = q[i] as Float64Array;
      for (let t = 0; t < out.length; t++) out[t] = (out[t] ?? 0) + c * (qi[t] ?? 0);
    }
    return out;
  });
}

/** The SVD of B·A (B [out × R], A [R × in]) truncated to rank k, exactly (no iteration). */
export function lowRankSvd(b: Matrix, a: Matrix, k: number): Factors {
  checkRank(k, b.rows, a.cols);
  const big = b.cols;
  const qb = qrThin(columnsOf(b.data, b.rows, b.cols));
  const qa = qrThin(columnsOf(a.data, a.rows, a.cols, true));
  // B·A = Qb·Rb·Raᵀ·Qaᵀ; the small core M = Rb·Raᵀ carries the singular values.
  const m = new Float64Array(big * big);
  for (let i = 0; i < big; i++) {
    for (let j = 0; j < big; j++) {
      let s = 0;
      for (let t = 0; t < big; t++) s += (qb.r[i * big + t] ?? 0) * (qa.r[j * big + t] ?? 0);
      m[i * big + j] = s;
    }
  }
  const core = jacobiSvd(m, big, big);
  return toFactors(combine(qb.q, core.u), core.s, combine(qa.q, core.v), b.rows, a.cols, k);
}

/** y = M·x (M row-major [rows × cols]). */
function applyM(m: Matrix, x: Float64Array): Float64Array {
  const y = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) s += (m.data[o + j] ?? 0) * (x[j] ?? 0);
    y[i] = s;
  }
  return y;
}

/** y = Mᵀ·x. */
function applyMt(m: Matrix, x: Float64Array): Float64Array {
  const y = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    const xi = x[i] ?? 0;
    if (xi === 0) continue;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) y[j] = (y[j] ?? 0) + (m.data[o + j] ?? 0) * xi;
  }
  return y;
}

/** Options for the dense truncated SVD. */
export interface DenseSvdOptions {
  /** Relative change of the top-k singular values below which iteration stops. @default 1e-9 */
  readonly tolerance?: number;
  /** Most subspace iterations. @default 300 */
  readonly maxIterations?: number;
  /** Seed of the starting block. @default 1 */
  readonly seed?: number;
  /** Largest min(rows, cols) factorised exactly by Jacobi. @default 96 */
  readonly exactUpTo?: number;
}

/** Rank-k truncated SVD of a dense matrix. */
export function denseTruncatedSvd(m: Matrix, k: number, options: DenseSvdOptions = {}): Factors {
  checkRank(k, m.rows, m.cols);
  if (Math.min(m.rows, m.cols) <= (options.exactUpTo ?? 96)) {
    const svd = jacobiSvd(m.data, m.rows, m.cols);
    return toFactors(svd.u, svd.s, svd.v, m.rows, m.cols, k);
  }
  const svd = subspaceIteration(m, k, options);
  return toFactors(svd.u, svd.s, svd.v, m.rows, m.cols, k);
}

function subspaceIteration(m: Matrix, k: number, options: DenseSvdOptions): Svd {
  const p = Math.min(k + 10, m.rows, m.cols);
  const next = rngSeeded(options.seed ?? 1);
  let block: Columns = Array.from({ length: p }, () => Float64Array.from({ length: m.cols }, () => next() * 2 - 1));
  let q = qrThin(block.map((x) => applyM(m, x))).q;
  let prev = new Float64Array(k);
  const tol = options.tolerance ?? 1e-9;
  for (let it = 0; it < (options.maxIterations ?? 300); it++) {
    // Z = Mᵀ·Q = Qz·Rz, and M ≈ Q·Zᵀ = Q·Rzᵀ·Qzᵀ: the SVD of Rzᵀ gives the Ritz triples.
    const z = qrThin(q.map((x) => applyMt(m, x)));
    const core = jacobiSvd(transposeSquare(z.r, p), p, p);
    const s = core.s.subarray(0, k);
    let change = 0;
    for (let i = 0; i < k; i++)
      change = Math.max(change, Math.abs((s[i] ?? 0) - (prev[i] ?? 0)) / Math.max(s[0] ?? 0, 1e-300));
    if (change < tol || it === (options.maxIterations ?? 300) - 1) {
      return { u: combine(q, core.u), s: core.s, v: combine(z.q, core.v) };
    }
    prev = Float64Array.from(s);
    block = z.q;
    q = qrThin(block.map((x) => applyM(m, x))).q;
  }
  throw new Error('unreachable');
}

function transposeSquare(r: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = r[i * n + j] ?? 0;
  return out;
}
