/**
 * @file The Kronecker toolkit's eigendecomposition on a worker thread: the same result as in place, its errors
 * carried over with their codes, and a cancel that rejects while the worker is still computing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eigOffThread, IN_PLACE_MAX_ROWS } from '../../../src/engine/kronecker/eig';
import { eigSymmetric } from '../../../src/core/numerics/eig';
import type { Dense } from '../../../src/core/numerics/types';

/** A seeded symmetric n × n matrix (a Gram matrix plus noise, so its eigenvalues are spread). */
function symmetric(n: number, seed: number): Dense<Float64Array> {
  let s = seed;
  const next = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) data[i * n + j] = data[j * n + i] = next();
  }
  return { rows: n, cols: n, data };
}

test('on a worker thread: the same eigenvalues and vectors as ml-matrix in place, bit for bit', async () => {
  const m = symmetric(IN_PLACE_MAX_ROWS + 24, 7);
  const here = eigSymmetric(m);
  const there = await eigOffThread(m);
  assert.deepEqual(Array.from(there.values), Array.from(here.values));
  assert.deepEqual(Array.from(there.vectors.data), Array.from(here.vectors.data));
  assert.equal(there.vectors.rows, m.rows);
});

test('a small matrix is decomposed in place with the same result', async () => {
  const m = symmetric(8, 3);
  assert.deepEqual(Array.from((await eigOffThread(m)).values), Array.from(eigSymmetric(m).values));
});

test("the worker's error keeps its code and message (a matrix that is not symmetric)", async () => {
  const m = symmetric(IN_PLACE_MAX_ROWS + 4, 5);
  m.data[1] = 5;
  await assert.rejects(eigOffThread(m), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'bad-input');
    assert.match(e.message, /not symmetric/);
    return true;
  });
});

test('a cancel rejects at once while the worker computes, and an aborted signal starts nothing', async () => {
  const controller = new AbortController();
  const running = eigOffThread(symmetric(400, 11), controller.signal);
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(running, (e: Error & { code?: string }) => e.code === 'cancelled');
  await assert.rejects(eigOffThread(symmetric(4, 1), controller.signal), (e: Error & { code?: string }) => {
    return e.code === 'cancelled';
  });
});
