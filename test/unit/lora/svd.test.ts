import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mat, matrixMultiply, near } from './build';
import { lowRankInner } from '../../../src/core/analyses/lora/matrix';
import { denseTruncatedSvd, lowRankSvd } from '../../../src/core/analyses/lora/svdFactor';
import { releaseKernels } from '../../../src/core/numerics/kernels';
import { svdSmall } from '../../../src/core/numerics/svd';
import { rngSeeded } from '../../../src/core/random/rng';
import type { Matrix } from '../../../src/core/formats/peft/types';

after(() => releaseKernels());

function random(rows: number, cols: number, seed: number): Matrix {
  const next = rngSeeded(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => next() * 2 - 1) };
}

const frob = (m: ArrayLike<number>) => Math.sqrt(Array.from(m).reduce((s, x) => s + x * x, 0));
const small = (data: number[], rows: number, cols: number) => svdSmall({ rows, cols, data: Float64Array.from(data) });

test('the small SVD (ml-matrix) on hand-worked matrices', () => {
  // [[3 0] [4 5]]: ‖·‖² = 50, det = 15 → σ1 + σ2 = √80, σ1 − σ2 = √20 → σ = (3√5, √5)
  near(small([3, 0, 4, 5], 2, 2).s, [3 * Math.sqrt(5), Math.sqrt(5)], 1e-12, '[[3 0] [4 5]]');
  // diag(1, 3, 2) → (3, 2, 1); a rank-1 outer product [1 2]ᵀ[3 4] → (5√5, 0)
  near(small([1, 0, 0, 0, 3, 0, 0, 0, 2], 3, 3).s, [3, 2, 1], 1e-12, 'diagonal');
  near(small([3, 4, 6, 8], 2, 2).s, [5 * Math.sqrt(5), 0], 1e-12, 'rank 1');
  // 2×3 [[1 0 1] [0 1 0]]: M Mᵀ = [[2 0] [0 1]] → (√2, 1)
  near(small([1, 0, 1, 0, 1, 0], 2, 3).s, [Math.SQRT2, 1], 1e-12, 'wide');
});

test('low-rank SVD of B·A matches the dense SVD; truncation error √(Σ dropped σ²) (Eckart–Young)', async () => {
  const b = random(30, 6, 1);
  const a = random(6, 20, 2);
  const d = matrixMultiply(b, a);
  const dense = svdSmall(d);
  for (const k of [6, 3, 1]) {
    const f = await lowRankSvd(b, a, k);
    near(f.singularValues.subarray(0, 6), dense.s.subarray(0, 6), 1e-5, 'singular values');
    const approx = matrixMultiply(f.b, f.a);
    const err = frob(d.data.map((x, i) => x - (approx.data[i] ?? 0)));
    const expected = Math.sqrt(Array.from(dense.s.subarray(k)).reduce((s, x) => s + x * x, 0));
    near([err], [expected], 1e-4, `rank ${k} error`);
  }
  await assert.rejects(() => lowRankSvd(b, a, 21), /choose a rank from 1 to 20/);
});

test('a rank-deficient update (the same adapter twice) factorises to its true rank, the rest zero', async () => {
  const b1 = random(40, 3, 5);
  const a1 = random(3, 30, 6);
  const b = { rows: 40, cols: 6, data: new Float32Array(240) };
  const a = { rows: 6, cols: 30, data: new Float32Array(180) };
  for (let i = 0; i < 40; i++) for (let j = 0; j < 6; j++) b.data[i * 6 + j] = b1.data[i * 3 + (j % 3)] ?? 0;
  a.data.set(a1.data, 0);
  a.data.set(a1.data, 90);
  const f = await lowRankSvd(b, a, 6);
  near(f.singularValues.subarray(3), [], 0, 'only three directions kept');
  near(
    Array.from(f.b.data).filter((_, i) => i % 6 >= 3),
    new Array(120).fill(0),
    0,
    'zero columns past rank 3',
  );
  const twice = matrixMultiply(b, a);
  const approx = matrixMultiply(f.b, f.a);
  assert.ok(frob(twice.data.map((x, i) => x - (approx.data[i] ?? 0))) < 1e-5 * frob(twice.data));
});

test('dense truncated SVD by subspace iteration agrees with the full SVD on the top singular triples', async () => {
  // A 120×150 matrix with a decaying spectrum: a sum of rank-1 terms with weights 2^-i plus noise.
  const m = random(120, 150, 9);
  const low = matrixMultiply(random(120, 8, 10), random(8, 150, 11));
  const data = m.data.map((x, i) => 0.01 * x + (low.data[i] ?? 0));
  const full = svdSmall({ rows: 120, cols: 150, data });
  const f = await denseTruncatedSvd({ rows: 120, cols: 150, data }, 5, { exactUpTo: 0, tolerance: 1e-12 });
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
