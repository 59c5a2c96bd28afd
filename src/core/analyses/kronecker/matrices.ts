/**
 * @file Small helpers on square float64 matrices for the Kronecker analysis: identity, Frobenius inner product
 * and norm, scaling and symmetrising.
 */
import type { Dense } from '../../numerics/types';

/** ⟨X, Y⟩_F = Σ X_ij Y_ij. */
export function inner(x: Dense<Float64Array>, y: Dense<Float64Array>): number {
  let s = 0;
  for (let i = 0; i < x.data.length; i++) s += (x.data[i] as number) * (y.data[i] as number);
  return s;
}

/** ‖X‖_F. */
export function frobenius(x: Dense<Float64Array>): number {
  return Math.sqrt(inner(x, x));
}

/** X / ‖X‖_F (X itself when it is zero). */
export function normalized(x: Dense<Float64Array>): Dense<Float64Array> {
  const f = frobenius(x);
  return f === 0 ? x : { rows: x.rows, cols: x.cols, data: x.data.map((e) => e / f) };
}

/** (X + Xᵀ) / 2 of a square matrix, in place: products of symmetric factors drift by rounding. */
export function symmetrize(x: Dense<Float64Array>): Dense<Float64Array> {
  const n = x.rows;
  const d = x.data;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const mean = ((d[i * n + j] as number) + (d[j * n + i] as number)) / 2;
      d[i * n + j] = mean;
      d[j * n + i] = mean;
    }
  return x;
}
