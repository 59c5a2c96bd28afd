/**
 * @file Symmetric eigendecomposition and matrix powers, on ml-matrix's EigenvalueDecomposition
 * (Householder tridiagonalisation and the QL algorithm, ported from JAMA). The reconstruction
 * V·f(Λ)·Vᵀ of a matrix power runs through the product kernel.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { LensError } from '../errors';
import { matmul } from './gemm';
import { checkFinite, checkShape, type Dense } from './types';

/** Eigenvalues in descending order, and the eigenvectors as the columns of a row-major [n × n] matrix. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Dense<Float64Array>;
}

/** A row-major float array as an ml-matrix Matrix. */
export function toMlMatrix(m: Dense): Matrix {
  return Matrix.from1DArray(m.rows, m.cols, m.data);
}

/** An ml-matrix Matrix as row-major float64 data. */
export function fromMlMatrix(m: Matrix): Dense<Float64Array> {
  const out = new Float64Array(m.rows * m.columns);
  for (let i = 0; i < m.rows; i++) out.set(m.getRow(i), i * m.columns);
  return { rows: m.rows, cols: m.columns, data: out };
}

function checkSymmetric(s: Dense): void {
  checkShape('The matrix', s);
  checkFinite('The matrix', s);
  if (s.rows !== s.cols || s.rows === 0) {
    throw new LensError(
      'bad-input',
      `An eigendecomposition needs a non-empty square matrix, not [${s.rows} × ${s.cols}].`,
    );
  }
  let scale = 0;
  for (let i = 0; i < s.data.length; i++) scale = Math.max(scale, Math.abs(s.data[i] as number));
  const n = s.rows;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.abs((s.data[i * n + j] as number) - (s.data[j * n + i] as number));
      if (!(d <= 1e-6 * scale)) {
        throw new LensError('bad-input', `The matrix is not symmetric (entries (${i}, ${j}) and (${j}, ${i}) differ).`);
      }
    }
  }
}

/** The eigendecomposition of a symmetric matrix (checked symmetric to 1e-6 of its largest entry). */
export function eigSymmetric(s: Dense): SymmetricEigen {
  checkSymmetric(s);
  const evd = new EigenvalueDecomposition(toMlMatrix(s), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((_, i) => i).sort((i, j) => (values[j] as number) - (values[i] as number));
  const v = fromMlMatrix(evd.eigenvectorMatrix);
  const n = s.rows;
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < n; c++) vectors[i * n + c] = v.data[i * n + (order[c] as number)] as number;
  }
  return { values: Float64Array.from(order, (i) => values[i] as number), vectors: { rows: n, cols: n, data: vectors } };
}

/** Options of {@link symmetricPower}. */
export interface PowerOptions {
  /**
   * Eigenvalues below this are raised to the power as if they were this (Shampoo's ε). Without a floor,
   * a fractional power of a negative eigenvalue is refused.
   */
  readonly floor?: number;
}

/** S^p = V·diag(max(λ, floor)^p)·Vᵀ of a symmetric matrix S (positive semi-definite for fractional p). */
export async function symmetricPower(s: Dense, p: number, options: PowerOptions = {}): Promise<Dense<Float64Array>> {
  return powerOf(eigSymmetric(s), p, options);
}

/** V·diag(max(λ, floor)^p)·Vᵀ from an eigendecomposition already computed. */
export async function powerOf(e: SymmetricEigen, p: number, options: PowerOptions = {}): Promise<Dense<Float64Array>> {
  const n = e.values.length;
  const scaled = new Float64Array(n * n);
  const f = Float64Array.from(e.values, (l) => {
    const x = options.floor === undefined ? l : Math.max(l, options.floor);
    if (!Number.isInteger(p) && x < 0) {
      throw new LensError(
        'bad-input',
        `A fractional power needs non-negative eigenvalues; the smallest is ${l}. Add a floor (epsilon).`,
      );
    }
    return x === 0 && p < 0 ? 0 : x ** p;
  });
  for (let i = 0; i < n; i++)
    for (let c = 0; c < n; c++) scaled[i * n + c] = (e.vectors.data[i * n + c] as number) * (f[c] as number);
  return matmul({ rows: n, cols: n, data: scaled }, e.vectors, { transB: true });
}
