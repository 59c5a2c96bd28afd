/**
 * @file Orthonormal bases through the product kernel: the Gram matrix XᵀX (float64) and its
 * eigendecomposition V·Λ·Vᵀ give X = Q·R with Q = X·V·Λ^(−1/2) and R = Λ^(1/2)·Vᵀ, dropping the
 * directions whose eigenvalue is below a relative tolerance (X rank-deficient). This is Cholesky QR
 * with an eigendecomposition in place of the Cholesky factor; run twice (`passes: 2`, the
 * "CholeskyQR2" scheme) Q is orthonormal to working precision for condition numbers up to ~1e7.
 */
import { Matrix } from 'ml-matrix';
import { eigSymmetric, fromMlMatrix } from './eig';
import { matmul } from './gemm';
import type { Dense } from './types';

/** Eigenvalues of XᵀX below this share of the largest count as zero. */
export const GRAM_TOLERANCE = 1e-13;

/** A factorisation X = Q·R: Q [n × r] with orthonormal columns and R [r × p], r ≤ p. */
export interface ThinFactor {
  readonly q: Dense<Float64Array>;
  readonly r: Matrix;
}

/**
 * The kept eigenpairs of a Gram matrix G = V·Λ·Vᵀ (eigenvalues above {@link GRAM_TOLERANCE} of the
 * largest) as R = Λ^(1/2)·Vᵀ [kept × p] and W = V·Λ^(−1/2) [p × kept]: G = Rᵀ·R, and for G = XᵀX,
 * Q = X·W is orthonormal with X = Q·R on the kept directions.
 */
export function gramRoots(g: Dense<Float64Array>): { r: Matrix; w: Matrix } {
  const e = eigSymmetric(g);
  const top = e.values[0] ?? 0;
  const p = g.rows;
  let kept = 0;
  while (kept < p && (e.values[kept] as number) > GRAM_TOLERANCE * top && top > 0) kept++;
  const r = new Matrix(kept, p);
  const w = new Matrix(p, kept);
  for (let c = 0; c < kept; c++) {
    const root = Math.sqrt(e.values[c] as number);
    for (let i = 0; i < p; i++) {
      const v = e.vectors.data[i * p + c] as number;
      r.set(c, i, v * root);
      w.set(i, c, v / root);
    }
  }
  return { r, w };
}

/** X = Q·R with Q orthonormal, by `passes` Gram passes (2 by default). */
export async function orthonormalize(x: Dense<Float64Array>, passes = 2): Promise<ThinFactor> {
  let q = x;
  let r: Matrix | undefined;
  for (let i = 0; i < passes; i++) {
    const f = gramRoots(await matmul(q, q, { transA: true }));
    q = await matmul(q, fromMlMatrix(f.w));
    r = r === undefined ? f.r : f.r.mmul(r);
  }
  return { q, r: r ?? new Matrix(0, x.cols) };
}
