/**
 * @file Truncated singular value decompositions with the heavy products on the kernel:
 * - {@link productSvdBatched}: the SVDs of B_i·A_i for thin factors B_i [m × R] and A_i [R × n] (LoRA
 *   updates), exactly, without forming B_i·A_i: two batched Gram products, two small symmetric
 *   eigendecompositions per item (ml-matrix) and two batched products. Cost O((m + n)·R²).
 * - {@link truncatedSvd}: the top-k SVD of a dense matrix by block subspace iteration on M·Mᵀ with a
 *   Rayleigh–Ritz step, run until the top-k singular values settle; small matrices by ml-matrix at once.
 * Everything is float64. Singular vectors are determined up to sign.
 */
import { CholeskyDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { LensError } from '../errors';
import { rngSeeded } from '../random/rng';
import { eigSymmetric, fromMlMatrix, toMlMatrix } from './eig';
import { matmul, matmulBatched } from './gemm';
import { GRAM_TOLERANCE, gramRoots, orthonormalize } from './orthonormal';
import { plainGemm } from './plainGemm';
import { checkFinite, toFloat64, transpose, type Dense, type DenseBatch } from './types';

/** A rank-k SVD: U [rows × k] and V [cols × k] with the singular vectors as columns, S descending. */
export interface TruncatedSvd {
  readonly u: Dense<Float64Array>;
  readonly s: Float64Array;
  readonly v: Dense<Float64Array>;
}

function checkRank(k: number, rows: number, cols: number): void {
  if (!Number.isInteger(k) || k < 1 || k > Math.min(rows, cols)) {
    throw new LensError(
      'bad-input',
      `SVD rank ${k} is not possible for a [${rows} × ${cols}] matrix; choose a rank from 1 to ` +
        `${Math.min(rows, cols)}.`,
    );
  }
}

/** The first k columns of m (zero columns past its width), as an ml-matrix Matrix. */
function firstColumns(m: Matrix, k: number): Matrix {
  const out = new Matrix(m.rows, k);
  for (let i = 0; i < m.rows; i++) for (let c = 0; c < Math.min(k, m.columns); c++) out.set(i, c, m.get(i, c));
  return out;
}

function padded(s: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < Math.min(k, s.length); i++) out[i] = Math.max(0, s[i] as number);
  return out;
}

/** The thin SVD of a small matrix by ml-matrix, truncated to k. */
export function svdSmall(m: Dense, k = Math.min(m.rows, m.cols)): TruncatedSvd {
  checkRank(k, m.rows, m.cols);
  checkFinite('The matrix', m);
  const svd = new SingularValueDecomposition(toMlMatrix(m), { autoTranspose: true });
  return {
    u: fromMlMatrix(firstColumns(svd.leftSingularVectors, k)),
    s: padded(svd.diagonal, k),
    v: fromMlMatrix(firstColumns(svd.rightSingularVectors, k)),
  };
}

/** The rank-k SVD of B·A, exactly; `all` holds every singular value of B·A found (at most R). */
export async function productSvd(b: Dense, a: Dense, k: number): Promise<TruncatedSvd & { all: Float64Array }> {
  const [one] = await productSvdBatched({ count: 1, ...b }, { count: 1, ...a }, k);
  const f = one as ProductFactors;
  return { u: columnsScaled(f.us, f.s), s: f.s, v: transpose(f.vt), all: f.all };
}

/** B·A ≈ US·Vᵀ at rank k, as the factors a LoRA update keeps: US = U_k·Σ_k [m × k] and Vᵀ [k × n]. */
export interface ProductFactors {
  readonly us: Dense<Float64Array>;
  readonly vt: Dense<Float64Array>;
  /** The k singular values, descending. */
  readonly s: Float64Array;
  /** Every singular value of B·A found (at most R). */
  readonly all: Float64Array;
}

/**
 * The rank-k SVDs of B_i·A_i for batches of thin factors B_i [m × R] and A_i [R × n], exactly. The Gram matrices
 * and the products with the small rotations run as one batched kernel call each. Per item, A_i·A_iᵀ = L·Lᵀ
 * (Cholesky, or where A_i is rank-deficient L = W·M^(1/2) from its kept eigenpairs W·M·Wᵀ), so that
 * A_i = L·(L⁺·A_i) and the rows of L⁺·A_i are orthonormal; then C = Lᵀ·(B_iᵀB_i)·L = V·Σ²·Vᵀ gives
 * U·Σ = B_i·L·V and the right singular vectors, as rows, Vᵀ·L⁺·A_i.
 */
export async function productSvdBatched(b: DenseBatch, a: DenseBatch, k: number): Promise<ProductFactors[]> {
  if (b.cols !== a.rows || b.count !== a.count) {
    throw new LensError(
      'bad-input',
      `Cannot multiply ${b.count} × [${b.rows} × ${b.cols}] by ${a.count} × [${a.rows} × ${a.cols}].`,
    );
  }
  checkRank(k, b.rows, a.cols);
  checkFinite('The left factor', b);
  checkFinite('The right factor', a);
  const b64 = batch64(b);
  const a64 = batch64(a);
  const gb = await matmulBatched(b64, b64, { transA: true });
  const ga = await matmulBatched(a64, a64, { transB: true });
  const r = b.cols;
  const small = Array.from({ length: b.count }, (_, i) => rotations(item(gb, i), item(ga, i), k));
  const x = await matmulBatched(
    b64,
    stack(
      small.map((s) => s.x),
      r,
      k,
    ),
  );
  const y = await matmulBatched(
    stack(
      small.map((s) => s.y),
      k,
      r,
    ),
    a64,
  );
  return small.map((s, i) => ({ us: item(x, i), vt: item(y, i), s: s.s, all: s.all }));
}

function batch64(m: DenseBatch): DenseBatch<Float64Array> {
  return { count: m.count, rows: m.rows, cols: m.cols, data: toFloat64(m).data };
}

function item(m: DenseBatch<Float64Array>, i: number): Dense<Float64Array> {
  const size = m.rows * m.cols;
  return { rows: m.rows, cols: m.cols, data: m.data.subarray(i * size, (i + 1) * size) };
}

function stack(parts: readonly Dense<Float64Array>[], rows: number, cols: number): DenseBatch<Float64Array> {
  const data = new Float64Array(parts.length * rows * cols);
  parts.forEach((p, i) => data.set(p.data, i * rows * cols));
  return { count: parts.length, rows, cols, data };
}

/** U = (U·Σ)·Σ⁻¹ column by column (zero where σ = 0). */
function columnsScaled(us: Dense<Float64Array>, s: Float64Array): Dense<Float64Array> {
  const data = Float64Array.from(us.data);
  for (let i = 0; i < us.rows; i++) {
    for (let c = 0; c < us.cols; c++) {
      const sc = s[c] as number;
      data[i * us.cols + c] = sc > 0 ? (data[i * us.cols + c] as number) / sc : 0;
    }
  }
  return { rows: us.rows, cols: us.cols, data };
}

interface Rotations {
  /** L·V_k [R × k]: B·x = U_k·Σ_k. */
  readonly x: Dense<Float64Array>;
  /** V_kᵀ·L⁺ [k × R]: y·A = V_kᵀ (the right singular vectors as rows). */
  readonly y: Dense<Float64Array>;
  readonly s: Float64Array;
  readonly all: Float64Array;
}

/** A factor L [R × q] of G = L·Lᵀ, and the map V ↦ (L⁺)ᵀ·V. */
interface RangeFactor {
  readonly l: Dense<Float64Array>;
  readonly plusT: (v: Dense<Float64Array>) => Dense<Float64Array>;
}

function zeros(rows: number, cols: number): Dense<Float64Array> {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** G = L·Lᵀ by Cholesky (ml-matrix) when G is positive definite; else by its kept eigenpairs. */
function rangeFactor(g: Dense<Float64Array>): RangeFactor {
  const sym = toMlMatrix(g);
  const chol = new CholeskyDecomposition(sym.add(sym.transpose()).mul(0.5));
  if (chol.isPositiveDefinite()) {
    const l = fromMlMatrix(chol.lowerTriangularMatrix);
    return { l, plusT: (v) => solveUpper(l, v) };
  }
  const roots = gramRoots(g);
  const l = fromMlMatrix(roots.r.transpose());
  const lPlusT = fromMlMatrix(roots.w);
  return { l, plusT: (v) => plainGemm(lPlusT, v, false, false, 1) };
}

/** Z with Lᵀ·Z = V, for L lower-triangular with a non-zero diagonal (back substitution). */
function solveUpper(l: Dense<Float64Array>, v: Dense<Float64Array>): Dense<Float64Array> {
  const n = l.rows;
  const z = Float64Array.from(v.data);
  for (let c = 0; c < v.cols; c++) {
    for (let i = n - 1; i >= 0; i--) {
      let t = z[i * v.cols + c] as number;
      for (let j = i + 1; j < n; j++) t -= (l.data[j * n + i] as number) * (z[j * v.cols + c] as number);
      z[i * v.cols + c] = t / (l.data[i * n + i] as number);
    }
  }
  return { rows: n, cols: v.cols, data: z };
}

/** The small rotations of one item from its Gram matrices G_b = BᵀB and G_a = AAᵀ (both R × R). */
function rotations(gb: Dense<Float64Array>, ga: Dense<Float64Array>, k: number): Rotations {
  const r = gb.rows;
  const range = rangeFactor(ga);
  const q = range.l.cols;
  if (q === 0) return { x: zeros(r, k), y: zeros(k, r), s: new Float64Array(k), all: new Float64Array(0) };
  const c = plainGemm(plainGemm(range.l, gb, true, false, 1), range.l, false, false, 1);
  const e = eigSymmetric(symmetrized(c));
  const all = Float64Array.from(e.values, (v) => Math.sqrt(Math.max(0, v)));
  const s = padded(all, k);
  const vk = zeros(q, k);
  for (let col = 0; col < Math.min(k, q); col++) {
    if (!((s[col] as number) > GRAM_TOLERANCE * (s[0] as number))) {
      s[col] = 0;
      continue;
    }
    for (let i = 0; i < q; i++) vk.data[i * k + col] = e.vectors.data[i * q + col] as number;
  }
  return {
    x: plainGemm(range.l, vk, false, false, 1),
    y: transpose(range.plusT(vk)),
    s,
    all: all.map((v, i) => (i < k ? (s[i] as number) : v)),
  };
}

function symmetrized(c: Dense<Float64Array>): Dense<Float64Array> {
  const n = c.rows;
  const out = Float64Array.from(c.data);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = ((out[i * n + j] as number) + (out[j * n + i] as number)) / 2;
      out[i * n + j] = m;
      out[j * n + i] = m;
    }
  }
  return { rows: n, cols: n, data: out };
}

/** Options of {@link truncatedSvd}. */
export interface TruncatedSvdOptions {
  /** Relative change of the top-k singular values below which iteration stops. @default 1e-9 */
  readonly tolerance?: number;
  /** Most subspace iterations. @default 300 */
  readonly maxIterations?: number;
  /** Seed of the starting block. @default 1 */
  readonly seed?: number;
  /** Largest min(rows, cols) factorised at once by ml-matrix. @default 96 */
  readonly exactUpTo?: number;
  /** Extra columns of the iterated block beyond k. @default 10 */
  readonly oversample?: number;
}

/** The rank-k truncated SVD of a dense matrix. */
export async function truncatedSvd(m: Dense, k: number, options: TruncatedSvdOptions = {}): Promise<TruncatedSvd> {
  checkRank(k, m.rows, m.cols);
  checkFinite('The matrix', m);
  if (Math.min(m.rows, m.cols) <= (options.exactUpTo ?? 96)) return svdSmall(m, k);
  const x = toFloat64(m);
  const p = Math.min(k + (options.oversample ?? 10), m.rows, m.cols);
  const next = rngSeeded(options.seed ?? 1);
  const start = { rows: m.cols, cols: p, data: Float64Array.from({ length: m.cols * p }, () => next() * 2 - 1) };
  let q = (await orthonormalize(await matmul(x, start))).q;
  let prev: Float64Array = new Float64Array(k);
  const most = options.maxIterations ?? 300;
  for (let it = 0; ; it++) {
    // Z = Mᵀ·Q: M ≈ Q·Zᵀ, and the eigenpairs of ZᵀZ are the squared Ritz values and the left Ritz rotation.
    const z = await matmul(x, q, { transA: true });
    const e = eigSymmetric(await matmul(z, z, { transA: true }));
    const s = padded(
      Array.from(e.values, (l) => Math.sqrt(Math.max(0, l))),
      k,
    );
    if (settled(s, prev, options.tolerance ?? 1e-9) || it >= most - 1) return ritz(q, z, e.vectors, s, k);
    prev = s;
    q = (await orthonormalize(await matmul(x, z))).q;
  }
}

function settled(s: Float64Array, prev: Float64Array, tolerance: number): boolean {
  const top = Math.max(s[0] ?? 0, 1e-300);
  let change = 0;
  for (let i = 0; i < s.length; i++) change = Math.max(change, Math.abs((s[i] as number) - (prev[i] as number)) / top);
  return change < tolerance;
}

/** U = Q·W_k and V = Z·W_k·S⁻¹ from the eigenvectors W of ZᵀZ. */
async function ritz(
  q: Dense<Float64Array>,
  z: Dense<Float64Array>,
  w: Dense<Float64Array>,
  s: Float64Array,
  k: number,
): Promise<TruncatedSvd> {
  const wk = fromMlMatrix(firstColumns(toMlMatrix(w), k));
  const u = await matmul(q, wk);
  const v = await matmul(z, wk);
  for (let i = 0; i < v.rows; i++) {
    for (let c = 0; c < k; c++) {
      const sc = s[c] as number;
      v.data[i * k + c] = sc > 0 ? (v.data[i * k + c] as number) / sc : 0;
    }
  }
  return { u, s, v };
}
