/**
 * Matrix products of the numerics module: a hand-worked product on both paths and both float types, the
 * kernel against the plain loop on random matrices for every transpose and a scale, batches with their own
 * or a shared right matrix, one kernel session per kind whatever the shape, and the refusals.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { matmul, matmulBatched, PLAIN_MAX_WORK } from '../../../src/core/numerics/gemm';
import { kernelCount, releaseKernels } from '../../../src/core/numerics/kernels';
import type { Dense } from '../../../src/core/numerics/types';
import { rngSeeded } from '../../../src/core/random/rng';

after(() => releaseKernels());

function random(rows: number, cols: number, seed: number): Dense<Float64Array> {
  const next = rngSeeded(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => next() * 2 - 1) };
}

function f32(m: Dense): Dense<Float32Array> {
  return { rows: m.rows, cols: m.cols, data: Float32Array.from(m.data) };
}

function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assert.equal(x.length, y.length);
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs((x[i] ?? 0) - (y[i] ?? 0)));
  return d;
}

test('a hand-worked product, on the kernel and in TypeScript, float32 and float64', async () => {
  const a = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) };
  const b = { rows: 3, cols: 2, data: Float64Array.of(7, 8, 9, 10, 11, 12) };
  for (const path of ['kernel', 'plain'] as const) {
    assert.deepEqual([...(await matmul(a, b, { path })).data], [58, 64, 139, 154]);
    const c = await matmul(f32(a), f32(b), { path, alpha: 0.5 });
    assert.ok(c.data instanceof Float32Array);
    assert.deepEqual([...c.data], [29, 32, 69.5, 77]);
    // Aᵀ·Aᵀ... (3×2)·(2×3) with transposes of the same data: [1 4; 2 5; 3 6]·[7 9 11; 8 10 12]
    const t = await matmul(a, b, { path, transA: true, transB: true });
    assert.deepEqual([t.rows, t.cols], [3, 3]);
    assert.deepEqual([...t.data], [39, 49, 59, 54, 68, 82, 69, 87, 105]);
  }
});

test('the kernel agrees with the plain loop for every transpose, above the crossover', async () => {
  for (const [transA, transB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    const a = random(transA ? 70 : 90, transA ? 90 : 70, 1);
    const b = random(transB ? 80 : 70, transB ? 70 : 80, 2);
    assert.ok(90 * 80 * 70 > PLAIN_MAX_WORK);
    const kernel = await matmul(a, b, { transA, transB, alpha: -1.5 });
    const plain = await matmul(a, b, { transA, transB, alpha: -1.5, path: 'plain' });
    assert.deepEqual([kernel.rows, kernel.cols], [90, 80]);
    assert.ok(maxDiff(kernel.data, plain.data) < 1e-12, `float64 ${transA} ${transB}`);
    const k32 = await matmul(f32(a), f32(b), { transA, transB });
    const p32 = await matmul(f32(a), f32(b), { transA, transB, path: 'plain' });
    assert.ok(maxDiff(k32.data, p32.data) < 1e-4, `float32 ${transA} ${transB}`);
  }
});

test('batched products, each with its own right matrix or one shared, match one product at a time', async () => {
  const count = 5;
  const parts = Array.from({ length: count }, (_, i) => random(40, 30, 10 + i));
  const a = { count, rows: 40, cols: 30, data: Float64Array.from(parts.flatMap((p) => [...p.data])) };
  const bs = Array.from({ length: count }, (_, i) => random(50, 30, 20 + i));
  const b = { count, rows: 50, cols: 30, data: Float64Array.from(bs.flatMap((p) => [...p.data])) };
  const out = await matmulBatched(a, b, { transB: true, alpha: 2 });
  const shared = await matmulBatched(a, bs[0] as Dense<Float64Array>, { transB: true });
  assert.deepEqual([out.count, out.rows, out.cols], [count, 40, 50]);
  for (let i = 0; i < count; i++) {
    const one = await matmul(parts[i] as Dense<Float64Array>, bs[i] as Dense<Float64Array>, { transB: true });
    assert.ok(
      maxDiff(
        out.data.subarray(i * 2000, (i + 1) * 2000),
        one.data.map((x) => 2 * x),
      ) < 1e-12,
    );
    const first = await matmul(parts[i] as Dense<Float64Array>, bs[0] as Dense<Float64Array>, { transB: true });
    assert.ok(maxDiff(shared.data.subarray(i * 2000, (i + 1) * 2000), first.data) < 1e-12);
  }
  const b2 = { count, rows: 40, cols: 20, data: Float64Array.from(random(count * 40, 20, 9).data) };
  const ta = await matmulBatched(a, b2, { transA: true, path: 'kernel' });
  const tp = await matmulBatched(a, b2, { transA: true, path: 'plain' });
  assert.deepEqual([ta.count, ta.rows, ta.cols], [count, 30, 20]);
  assert.ok(maxDiff(ta.data, tp.data) < 1e-12);
});

test('one kernel session serves every shape of a kind', async () => {
  await releaseKernels();
  for (const n of [70, 90, 130]) await matmul(random(n, n, n), random(n, n, n + 1));
  assert.equal(kernelCount(), 1);
  await matmul(random(70, 70, 1), random(70, 70, 2), { transB: true });
  assert.equal(kernelCount(), 2);
});

test('products of mismatched sizes or types are refused with the shapes', async () => {
  await assert.rejects(() => matmul(random(2, 3, 1), random(2, 3, 2)), /\[2 × 3\] by \[2 × 3\].*inner sizes differ/);
  const mixed = matmul(random(2, 2, 1) as Dense, f32(random(2, 2, 2)) as Dense);
  await assert.rejects(() => mixed, /float32 matrix by a float64/);
  await assert.rejects(() => matmul({ rows: 2, cols: 2, data: new Float64Array(3) }, random(2, 2, 1)), /holds 3/);
});
