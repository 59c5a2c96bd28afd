import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mat, near } from './build';
import { jacobiSvd, qrThin, columnsOf } from '../../../src/core/analyses/lora/linalg';
import { lowRankInner, matrixMultiply } from '../../../src/core/analyses/lora/matrix';
import { denseTruncatedSvd, lowRankSvd } from '../../../src/core/analyses/lora/svdFactor';
import { rngSeeded } from '../../../src/core/random/rng';
import type { Matrix } from '../../../src/core/formats/peft/types';

function random(rows: number, cols: number, seed: number): Matrix {
  const next = rngSeeded(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => next() * 2 - 1) };
}

const frob = (m: ArrayLike<number>) => Math.sqrt(Array.from(m).reduce((s, x) => s + x * x, 0));

test('Jacobi SVD of hand-worked matrices', () => {
  // [[3 0] [4 5]]: ‖·‖² = 50, det = 15 → σ1 + σ2 = √80, σ1 − σ2 = √20 → σ = (3√5, √5)
  near(jacobiSvd([3, 0, 4, 5], 2, 2).s, [3 * Math.sqrt(5), Math.sqrt(5)], 1e-12, '[[3 0] [4 5]]');
  // diag(1, 3, 2) → (3, 2, 1); a rank-1 outer product [1 2]ᵀ[3 4] → (5√5, 0)
  near(jacobiSvd([1, 0, 0, 0, 3, 0, 0, 0, 2], 3, 3).s, [3, 2, 1], 1e-12, 'diagonal');
  near(jacobiSvd([3, 4, 6, 8], 2, 2).s, [5 * Math.sqrt(5), 0], 1e-12, 'rank 1');
  // 2×3 [[1 0 1] [0 1 0]]: M Mᵀ = [[2 0] [0 1]] → (√2, 1)
  near(jacobiSvd([1, 0, 1, 0, 1, 0], 2, 3).s, [Math.SQRT2, 1], 1e-12, 'wide');
});

test('Jacobi SVD reconstructs a random 9×6 matrix with orthonormal factors', () => {
  const m = random(9, 6, 4);
  const { u, s, v } = jacobiSvd(m.data, 9, 6);
  for (let i = 0; i < 9; i++) {
    for (let j = 0; j < 6; j++) {
      let x = 0;
      for (let k = 0; k < 6; k++) x += (u[k]?.[i] ?? 0) * (s[k] ?? 0) * (v[k]?.[j] ?? 0);
      assert.ok(Math.abs(x - (m.data[i * 6 + j] ?? 0)) < 1e-6);
    }
  }
  for (let a = 0; a < 6; a++)
    for (let b = 0; b < 6; b++) {
      const dot = (x: Float64Array, y: Float64Array) => x.reduce((t, xi, i) => t + xi * (y[i] ?? 0), 0);
      near([dot(u[a]!, u[b]!), dot(v[a]!, v[b]!)], [a === b ? 1 : 0, a === b ? 1 : 0], 1e-12, `orthonormal ${a},${b}`);
    }
});

test('thin QR: Q orthonormal, QR = M, rank-deficient columns give zero R diagonal', () => {
  const cols = columnsOf([1, 2, 0, 2, 4, 1, 0, 0, 1], 3, 3);
  const { q, r } = qrThin(cols);
  near([r[1 * 3 + 1] ?? NaN], [0], 1e-12, 'second column is twice the first');
  for (let j = 0; j < 3; j++)
    for (let i = 0; i < 3; i++) {
      let x = 0;
      for (let k = 0; k < 3; k++) x += (q[k]?.[i] ?? 0) * (r[k * 3 + j] ?? 0);
      near([x], [cols[j]?.[i] ?? NaN], 1e-12, `QR[${i},${j}]`);
    }
});

test('low-rank SVD of B·A matches dense Jacobi SVD; truncation error √(Σ dropped σ²) (Eckart–Young)', () => {
  const b = random(30, 6, 1);
  const a = random(6, 20, 2);
  const d = matrixMultiply(b, a);
  const dense = jacobiSvd(d.data, 30, 20);
  for (const k of [6, 3, 1]) {
    const f = lowRankSvd(b, a, k);
    near(f.singularValues.subarray(0, 6), dense.s.subarray(0, 6), 1e-5, 'singular values');
    const approx = matrixMultiply(f.b, f.a);
    const err = frob(d.data.map((x, i) => x - (approx.data[i] ?? 0)));
    const expected = Math.sqrt(Array.from(dense.s.subarray(k)).reduce((s, x) => s + x * x, 0));
    near([err], [expected], 1e-4, `rank ${k} error`);
  }
  assert.throws(() => lowRankSvd(b, a, 21), /choose a rank from 1 to 20/);
});

test('dense truncated SVD by subspace iteration agrees with Jacobi on the top singular triples', () => {
  // A 120×150 matrix with a decaying spectrum: a sum of rank-1 terms with weights 2^-i plus noise.
  const m = random(120, 150, 9);
  const low = matrixMultiply(random(120, 8, 10), random(8, 150, 11));
  const data = m.data.map((x, i) => 0.01 * x + (low.data[i] ?? 0));
  const full = jacobiSvd(data, 120, 150);
  const f = denseTruncatedSvd({ rows: 120, cols: 150, data }, 5, { exactUpTo: 0, tolerance: 1e-12 });
  near(f.singularValues.subarray(0, 5), full.s.subarray(0, 5), 1e-6 * (full.s[0] ?? 1), 'top 5 σ');
  const approx = matrixMultiply(f.b, f.a);
  const err = frob(data.map((x, i) => x - (approx.data[i] ?? 0)));
  near([err], [Math.sqrt(Array.from(full.s.subarray(5)).reduce((s, x) => s + x * x, 0))], 1e-4, 'rank-5 error');
});

test('⟨B1A1, B2A2⟩ from the factors equals the dense Frobenius product', () => {
  const b1 = random(7, 2, 1);
  const a1 = random(2, 5, 2);
  const b2 = random(7, 3, 3);
  const a2 = random(3, 5, 4);
  const d1 = matrixMultiply(b1, a1).data;
  const d2 = matrixMultiply(b2, a2).data;
  near([lowRankInner(b1, a1, b2, a2)], [d1.reduce((s, x, i) => s + x * (d2[i] ?? 0), 0)], 1e-5, 'inner');
  near(matrixMultiply(mat([[1, 2]]), mat([[3], [4]])).data, [11], 0, '1×2 · 2×1');
});
