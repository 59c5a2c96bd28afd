import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kForMass, topK } from '../../../src/core/analyses/dependencies/kMass';

// Row [0.1, 0.5, 0.15, 0.25]: sorted descending 0.5, 0.25, 0.15, 0.1; running sums 0.5, 0.75, 0.9, 1.0.
const row = Float32Array.of(0.1, 0.5, 0.15, 0.25);

test('kForMass on a hand-worked row: the fewest entries whose running sum reaches p', () => {
  assert.equal(kForMass(row, 0.5), 1); // 0.5 ≥ 0.5
  assert.equal(kForMass(row, 0.6), 2); // 0.5 < 0.6 ≤ 0.75
  assert.equal(kForMass(row, 0.75), 2); // 0.75 reached exactly (within float32 rounding)
  assert.equal(kForMass(row, 0.8), 3); // 0.75 < 0.8 ≤ 0.9
  assert.equal(kForMass(row), 3); // default p = 0.9: 0.5 + 0.25 + 0.15 = 0.9
  assert.equal(kForMass(row, 0.95), 4);
  assert.equal(kForMass(row, 1), 4);
});

test('kForMass: zeros never count, mass is relative to the row total, empty rows give 0', () => {
  // [0, 0.6, 0, 0.4]: p = 1 needs 0.6 + 0.4, two entries; the zeros add nothing.
  assert.equal(kForMass(Float64Array.of(0, 0.6, 0, 0.4), 1), 2);
  // [2, 6, 2] sums to 10; p = 0.7 needs 7: 6 < 7 ≤ 6 + 2 → 2.
  assert.equal(kForMass(Float64Array.of(2, 6, 2), 0.7), 2);
  assert.equal(kForMass(new Float32Array(0)), 0);
  assert.equal(kForMass(new Float32Array(3)), 0);
  assert.equal(kForMass(Float32Array.of(1)), 1);
  const scratch = new Float64Array(8);
  assert.equal(kForMass(row, 0.9, scratch), 3);
  assert.throws(() => kForMass(row, 0), RangeError);
  assert.throws(() => kForMass(row, 1.5), RangeError);
});

test('topK on a hand-worked row: largest first, ties to the lower index', () => {
  const top = topK(row, 2);
  assert.deepEqual([...top.indices], [1, 3]); // 0.5 at 1, 0.25 at 3
  assert.deepEqual([...top.weights], [0.5, 0.25]);
  const ties = topK(Float32Array.of(0.2, 0.3, 0.3, 0.2), 3);
  assert.deepEqual([...ties.indices], [1, 2, 0]);
  assert.deepEqual([...topK(row, 10).indices], [1, 3, 2, 0]);
  assert.equal(topK(row, 0).indices.length, 0);
  assert.deepEqual([...topK(Float64Array.of(3, Number.NaN, 5), 2).indices], [2, 0]);
  assert.throws(() => topK(row, -1), RangeError);
});
