import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import {
  featureDescriptors,
  featuresMatrix,
  featuresRow,
  type FeatureSpec,
} from '../../../src/core/analyses/trees/features';

// Embedding e[id] = [id, 1] for ids 0..9.
const table = Float32Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i / 2 : 1));

test('token-at-offset features: id k back, -1 before the start', () => {
  const spec: FeatureSpec = { window: 3 };
  const row = new Float32Array(3);
  featuresRow([5, 7, 9], 3, spec, row);
  assert.deepEqual(Array.from(row), [9, 7, 5]);
  featuresRow([5, 7, 9], 1, spec, row);
  assert.deepEqual(Array.from(row), [5, -1, -1]);
});

// t = 3, decay 0.5: weights 0.5 (id 9), 0.25 (id 7), 0.125 (id 5), total 0.875.
// dim 0 = (0.5·9 + 0.25·7 + 0.125·5) / 0.875 = 6.875 / 0.875 = 7.857142…; dim 1 = 1.
// t = 1: only id 5 → [5, 1]. Dense row t-1 is used.
test('recency-weighted embedding average and dense features, by hand', () => {
  const spec: FeatureSpec = {
    window: 3,
    embedding: { table, dim: 2, decay: 0.5 },
    dense: { dim: 1, source: 'hidden state 2' },
  };
  const dense = Float32Array.from([10, 20, 30]);
  const m = featuresMatrix([5, 7, 9], spec, [1, 3], dense);
  assert.equal(m.cols, 6);
  assert.deepEqual(Array.from(m.values.subarray(0, 6)), [5, -1, -1, 5, 1, 10]);
  assert.deepEqual(Array.from(m.values.subarray(6, 9)), [9, 7, 5]);
  assert.ok(Math.abs((m.values[9] ?? 0) - 6.875 / 0.875) < 1e-5);
  assert.equal(m.values[10], 1);
  assert.equal(m.values[11], 30);
  assert.deepEqual(
    featureDescriptors(spec).map((d) => d.kind),
    ['token', 'token', 'token', 'embedding', 'embedding', 'dense'],
  );
});

test('bad specs and ids are refused with bad-input', () => {
  assert.throws(
    () => featuresMatrix([1, 2], { window: 0 }),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input' && /window/.test(e.message),
  );
  assert.throws(
    () => featuresMatrix([1, 2], { window: 2, embedding: { table, dim: 3, decay: 0.5 } }),
    /whole number of rows/,
  );
  assert.throws(
    () => featuresMatrix([1, 12, 3], { window: 2, embedding: { table, dim: 2, decay: 0.5 } }),
    /outside the embedding table/,
  );
  assert.throws(() => featuresMatrix([1, 2], { window: 2, dense: { dim: 1, source: 'h' } }), /Dense features/);
});
