/**
 * @file Small dense-matrix helpers for the LoRA merges: row-major float32 storage, products
 * accumulated in float64 row buffers, and Frobenius inner products of low-rank products computed
 * without forming them.
 */
import type { Matrix } from '../../formats/peft/types';
import { LensError } from '../../errors';

/** The product a · b, scaled by `scale`. */
export function matrixMultiply(a: Matrix, b: Matrix, scale = 1): Matrix {
  if (a.cols !== b.rows)
    throw new LensError(
      'bad-input',
      `Cannot multiply [${a.rows} × ${a.cols}] by [${b.rows} × ${b.cols}]: inner sizes differ.`,
    );
  const out = new Float32Array(a.rows * b.cols);
  const row = new Float64Array(b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    row.fill(0);
    for (let k = 0; k < a.cols; k++) {
      const v = a.data[i * a.cols + k] ?? 0;
      if (v === 0) continue;
      const off = k * n;
      for (let j = 0; j < n; j++) row[j] = (row[j] ?? 0) + v * (b.data[off + j] ?? 0);
    }
    const o = i * n;
    for (let j = 0; j < n; j++) out[o + j] = (row[j] ?? 0) * scale;
  }
  return { rows: a.rows, cols: b.cols, data: out };
}

/** Σ x_i y_i in float64. */
function vectorDot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] ?? 0) * (y[i] ?? 0);
  return s;
}

/** Gram matrix xᵀy (float64, [x.cols × y.cols]) of two matrices with the same rows. */
function gram(x: Matrix, y: Matrix): Float64Array {
  const g = new Float64Array(x.cols * y.cols);
  for (let r = 0; r < x.rows; r++) {
    const xo = r * x.cols;
    const yo = r * y.cols;
    for (let i = 0; i < x.cols; i++) {
      const v = x.data[xo + i] ?? 0;
      if (v === 0) continue;
      for (let j = 0; j < y.cols; j++) g[i * y.cols + j] = (g[i * y.cols + j] ?? 0) + v * (y.data[yo + j] ?? 0);
    }
  }
  return g;
}

/**
 * ⟨B₁A₁, B₂A₂⟩_F = trace((B₁ᵀB₂)(A₂A₁ᵀ)), in O((out + in)·r₁·r₂)
 * without forming either product.
 */
export function lowRankInner(b1: Matrix, a1: Matrix, b2: Matrix, a2: Matrix): number {
  const bb = gram(b1, b2);
  const r1 = a1.rows;
  const r2 = a2.rows;
  let s = 0;
  for (let i = 0; i < r1; i++) {
    for (let j = 0; j < r2; j++) {
      const aa = vectorDot(
        a2.data.subarray(j * a2.cols, (j + 1) * a2.cols),
        a1.data.subarray(i * a1.cols, (i + 1) * a1.cols),
      );
      s += (bb[i * r2 + j] ?? 0) * aa;
    }
  }
  return s;
}
