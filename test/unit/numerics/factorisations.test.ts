/**
 * Eigendecomposition, matrix powers, orthonormal bases and truncated SVDs of the numerics module, on
 * matrices built from known factors (Householder reflections give exact orthonormal bases, so the true
 * eigenvalues and singular values are known), and a hand-worked 2 × 2 case.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { eigSymmetric, symmetricPower } from '../../../src/core/numerics/eig';
import { matmul } from '../../../src/core/numerics/gemm';
import { releaseKernels } from '../../../src/core/numerics/kernels';
import { orthonormalize } from '../../../src/core/numerics/orthonormal';
import { productSvd, svdSmall, truncatedSvd } from '../../../src/core/numerics/svd';
import type { Dense } from '../../../src/core/numerics/types';
import { rngSeeded } from '../../../src/core/random/rng';

after(() => releaseKernels());

type D = Dense<Float64Array>;

/** The first `cols` columns of the Householder reflection I − 2vvᵀ/‖v‖² (orthonormal). */
function householder(n: number, cols: number, seed: number): D {
  const next = rngSeeded(seed);
  const v = Float64Array.from({ length: n }, () => next() * 2 - 1);
  const vv = v.reduce((s, x) => s + x * x, 0);
  const data = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = (i === j ? 1 : 0) - (2 * (v[i] ?? 0) * (v[j] ?? 0)) / vv;
  }
  return { rows: n, cols, data };
}

/** U·diag(s)·Vᵀ. */
async function compose(u: D, s: readonly number[], v: D): Promise<D> {
  const us = { ...u, data: u.data.map((x, i) => x * (s[i % u.cols] ?? 0)) };
  return matmul(us, v, { transB: true });
}

function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs((x[i] ?? 0) - (y[i] ?? 0)));
  return d;
}

test('the eigenvalues of [[2, 1], [1, 2]] are 3 and 1, with eigenvectors (1, 1)/√2 and (1, −1)/√2', () => {
  const e = eigSymmetric({ rows: 2, cols: 2, data: Float64Array.of(2, 1, 1, 2) });
  assert.ok(maxDiff(e.values, [3, 1]) < 1e-14);
  assert.ok(Math.abs(Math.abs(e.vectors.data[0] ?? 0) - Math.SQRT1_2) < 1e-14);
  assert.ok(Math.abs((e.vectors.data[0] ?? 0) - (e.vectors.data[2] ?? 0)) < 1e-14);
  assert.ok(Math.abs((e.vectors.data[1] ?? 0) + (e.vectors.data[3] ?? 0)) < 1e-14);
});

test('a symmetric matrix of known spectrum: eigenvalues descending, S·v = λ·v, roots and inverses', async () => {
  const n = 120;
  const q = householder(n, n, 7);
  const lambda = Array.from({ length: n }, (_, i) => 1 + 100 / (i + 1));
  const s = await compose(q, lambda, q);
  const e = eigSymmetric(s);
  assert.ok(maxDiff(e.values, lambda) < 1e-10);
  const sv = await matmul(s, e.vectors);
  assert.ok(
    maxDiff(
      sv.data,
      e.vectors.data.map((x, i) => x * (e.values[i % n] ?? 0)),
    ) < 1e-10,
  );
  const root = await symmetricPower(s, 0.5);
  assert.ok(maxDiff((await matmul(root, root)).data, s.data) < 1e-10);
  const inverse = await symmetricPower(s, -1);
  const eye = await matmul(inverse, s);
  assert.ok(
    maxDiff(
      eye.data,
      eye.data.map((_, i) => (i % (n + 1) === 0 ? 1 : 0)),
    ) < 1e-10,
  );
});

test('fractional powers of an indefinite matrix and non-symmetric input are refused', async () => {
  const indefinite = { rows: 2, cols: 2, data: Float64Array.of(0, 1, 1, 0) };
  await assert.rejects(() => symmetricPower(indefinite, 0.5), /non-negative eigenvalues/);
  assert.ok(await symmetricPower(indefinite, 0.5, { floor: 1e-3 }));
  assert.throws(() => eigSymmetric({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) }), /not symmetric/);
});

test('orthonormalize: QᵀQ = I and Q·R = X, dropping the direction of a repeated column', async () => {
  const next = rngSeeded(3);
  const x = { rows: 300, cols: 12, data: Float64Array.from({ length: 3600 }, () => next() - 0.5) };
  for (let i = 0; i < 300; i++) x.data[i * 12 + 11] = 2 * (x.data[i * 12 + 3] ?? 0);
  const f = await orthonormalize(x);
  assert.equal(f.q.cols, 11);
  const qtq = await matmul(f.q, f.q, { transA: true });
  assert.ok(
    maxDiff(
      qtq.data,
      qtq.data.map((_, i) => (i % 12 === 0 ? 1 : 0)),
    ) < 1e-12,
  );
  const r = { rows: f.r.rows, cols: f.r.columns, data: Float64Array.from(f.r.to1DArray()) };
  assert.ok(maxDiff((await matmul(f.q, r)).data, x.data) < 1e-12);
});

test('the SVD of a product B·A of thin factors: the known singular values, exact reconstruction', async () => {
  const [m, n, r] = [500, 300, 8];
  const s = [9, 7, 5, 3, 2, 1, 0.5, 0.25];
  const u = householder(m, r, 1);
  const v = householder(n, r, 2);
  // B = U·diag(s)·G and A = G⁻¹·Vᵀ with G a rotation-free scaling: B·A = U·diag(s)·Vᵀ.
  const g = Array.from({ length: r }, (_, i) => 0.5 + i);
  const b = { ...u, data: u.data.map((x, i) => x * (s[i % r] ?? 0) * (g[i % r] ?? 1)) };
  const a = { rows: r, cols: n, data: new Float64Array(r * n) };
  for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) a.data[j * n + i] = (v.data[i * r + j] ?? 0) / (g[j] ?? 1);
  const svd = await productSvd(b, a, 5);
  assert.ok(maxDiff(svd.s, s.slice(0, 5)) < 1e-12);
  assert.ok(maxDiff(svd.all, s) < 1e-12);
  const full = await productSvd(b, a, 8);
  const rebuilt = await compose(full.u, [...full.s], full.v);
  assert.ok(maxDiff(rebuilt.data, (await matmul(b, a)).data) < 1e-12);
  // Rank one: the first column of B and the first row of A, whose product is 9·u₀·v₀ᵀ.
  const b1 = { rows: m, cols: 1, data: b.data.filter((_, i) => i % r === 0) };
  const padded = await productSvd(b1, { rows: 1, cols: n, data: a.data.subarray(0, n) }, 3);
  assert.ok(maxDiff(padded.s, [9, 0, 0]) < 1e-12);
});

test('truncated SVD of a dense 400 × 260 matrix of known spectrum, by subspace iteration', async () => {
  const [m, n] = [400, 260];
  const s = Array.from({ length: n }, (_, i) => 10 * 0.8 ** i);
  const x = await compose(householder(m, n, 4), s, householder(n, n, 5));
  const t = await truncatedSvd(x, 6);
  assert.ok(maxDiff(t.s, s.slice(0, 6)) < 1e-9);
  const small = svdSmall({ rows: 60, cols: 40, data: x.data.subarray(0, 2400) }, 4);
  assert.equal(small.s.length, 4);
  const f32 = await truncatedSvd({ rows: m, cols: n, data: Float32Array.from(x.data) }, 3);
  assert.ok(maxDiff(f32.s, s.slice(0, 3)) < 1e-5);
  await assert.rejects(() => truncatedSvd(x, 261), /rank 261 is not possible/);
});

test('NaN or Infinity in a matrix is refused by every factorisation, with what to check', async () => {
  const bad = { rows: 2, cols: 2, data: Float64Array.of(1, NaN, NaN, 1) };
  assert.throws(() => eigSymmetric(bad), /holds NaN or Infinity/);
  assert.throws(() => svdSmall(bad), /holds NaN or Infinity/);
  await assert.rejects(() => truncatedSvd(bad, 1), /holds NaN or Infinity/);
  const inf = { rows: 2, cols: 1, data: Float64Array.of(1, Infinity) };
  await assert.rejects(() => productSvd(inf, { rows: 1, cols: 2, data: Float64Array.of(1, 1) }, 1), /left factor/);
});
