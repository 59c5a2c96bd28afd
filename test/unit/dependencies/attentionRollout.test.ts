import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attentionRollout, headMean, lowerProduct } from '../../../src/core/analyses/dependencies/attentionRollout';

const close = (a: readonly number[], b: readonly number[]): void => {
  assert.equal(a.length, b.length);
  a.forEach((x, i) => assert.ok(Math.abs(x - (b[i] ?? NaN)) < 1e-9, `entry ${i}: ${x} vs ${b[i]}`));
};

test('head mean averages heads entry by entry', () => {
  // two heads, T = 2: [[1,0],[0.2,0.8]] and [[1,0],[0.6,0.4]] → [[1,0],[0.4,0.6]]
  const att = Float32Array.of(1, 0, 0.25, 0.75, 1, 0, 0.75, 0.25);
  close([...headMean(att, 2, 2)], [1, 0, 0.5, 0.5]);
  assert.throws(() => headMean(att, 3, 2), RangeError);
});

test('rollout on a hand-worked 2-layer case', () => {
  // A1 = [[1,0],[0.5,0.5]] → A1' = 0.5·A1 + 0.5·I = [[1,0],[0.25,0.75]] (rows already sum to 1).
  // A2 = [[1,0],[0.8,0.2]] → A2' = [[1,0],[0.4,0.6]].
  // R = A2'·A1': row 1 = [0.4·1 + 0.6·0.25, 0.6·0.75] = [0.55, 0.45].
  const r = attentionRollout([Float64Array.of(1, 0, 0.5, 0.5), Float64Array.of(1, 0, 0.8, 0.2)], 2);
  close([...r], [1, 0, 0.55, 0.45]);
  // One layer: just the mixed map.
  close([...attentionRollout([Float64Array.of(1, 0, 0.5, 0.5)], 2)], [1, 0, 0.25, 0.75]);
});

test('rollout of causal row-stochastic maps is causal and row-stochastic', () => {
  const T = 3;
  const a = Float64Array.of(1, 0, 0, 0.3, 0.7, 0, 0.1, 0.6, 0.3);
  const b = Float64Array.of(1, 0, 0, 0.9, 0.1, 0, 0.5, 0.25, 0.25);
  const r = attentionRollout([a, b, a], T);
  for (let q = 0; q < T; q++) {
    let sum = 0;
    for (let j = 0; j < T; j++) {
      if (j > q) assert.equal(r[q * T + j], 0);
      sum += r[q * T + j] ?? 0;
    }
    assert.ok(Math.abs(sum - 1) < 1e-12, `row ${q} sums to ${sum}`);
  }
  assert.throws(() => attentionRollout([], T), RangeError);
  assert.throws(() => attentionRollout([new Float64Array(4)], T), RangeError);
});

/** A random causal row-stochastic [T×T] map from a seeded linear congruential generator. */
function randomCausal(T: number, seed: number): Float64Array {
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out = new Float64Array(T * T);
  for (let q = 0; q < T; q++) {
    let sum = 0;
    for (let j = 0; j <= q; j++) sum += out[q * T + j] = next() < 0.2 ? 0 : next();
    for (let j = 0; j <= q; j++) out[q * T + j] = sum > 0 ? (out[q * T + j] ?? 0) / sum : j === q ? 1 : 0;
  }
  return out;
}

test('the blocked product equals the textbook triple loop, for sizes that are and are not multiples of four', () => {
  for (const T of [1, 3, 4, 7, 13, 32]) {
    const a = randomCausal(T, T);
    const b = randomCausal(T, T + 100);
    const want = new Float64Array(T * T);
    for (let q = 0; q < T; q++)
      for (let j = 0; j < T; j++)
        for (let m = 0; m < T; m++)
          want[q * T + j] = (want[q * T + j] ?? 0) + (a[q * T + m] ?? 0) * (b[m * T + j] ?? 0);
    close([...lowerProduct(a, b, T)], [...want]);
  }
});
