/**
 * @file Frobenius inner products of low-rank updates computed from their factors, without forming
 * them (the LoRA statistics' cosines); dense products go through the numerics module.
 */
import type { Matrix } from '../../formats/peft/types';

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
