import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  headAverage,
  kBin,
  kBinBounds,
  kBinCount,
  mapStatsAdd,
  mapStatsCreate,
  mapStatsFinish,
} from '../../../src/core/analyses/dependencies/headStats';

// Attention [H=2, T=3, T=3], row = query, column = key.
// head 0: [1,0,0] / [0.5,0.5,0] / [0.2,0.3,0.5]
// head 1: [1,0,0] / [0,1,0]     / [0.7,0.25,0.05]
const att = Float32Array.of(1, 0, 0, 0.5, 0.5, 0, 0.2, 0.3, 0.5, 1, 0, 0, 0, 1, 0, 0.7, 0.25, 0.05);
const close = (a: number, b: number, msg?: string): void => assert.ok(Math.abs(a - b) < 1e-6, msg ?? `${a} vs ${b}`);

test('k bins are powers of two', () => {
  assert.equal(kBinCount(3), 3); // k ≤ 1, k = 2, 3 ≤ k ≤ 4
  assert.equal(kBinCount(256), 9);
  assert.deepEqual(kBinBounds(4), [1, 2, 4, 8]);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 8, 9, 256].map((k) => kBin(k, 9)),
    [0, 1, 2, 2, 3, 3, 4, 8],
  );
  assert.equal(kBin(1000, 9), 8);
});

test('head statistics on a hand-made tensor', () => {
  const stats = [0, 1].map((h) => {
    const acc = mapStatsCreate(kBinCount(3));
    const kOut = new Float32Array(3);
    mapStatsAdd(acc, { data: att, offset: h * 9, T: 3, qFrom: 0, qTo: 3 }, 0.9, kOut);
    return { ...mapStatsFinish(acc), k: [...kOut] };
  });
  const [h0, h1] = stats;
  assert.ok(h0 !== undefined && h1 !== undefined);
  // head 0, p = 0.9: row 0 → 1; row 1: 0.5, 1.0 → 2; row 2: 0.5, 0.8, 1.0 → 3.
  assert.deepEqual(h0.k, [1, 2, 3]);
  assert.equal(h0.meanK, 2);
  assert.deepEqual(h0.kHistogram, [1, 1, 1]);
  // distance Σ_j a_qj (q − j): row 0 → 0; row 1 → 0.5·1 = 0.5; row 2 → 0.2·2 + 0.3·1 = 0.7;
  // mean 1.2 / 3 = 0.4.
  close(h0.meanDistance, 0.4);
  // sink (mass on key 0): 1, 0.5, 0.2 → mean 1.7 / 3.
  close(h0.sinkShare, 1.7 / 3);
  // head 1: rows 0, 1 → 1; row 2: 0.7 < 0.9 ≤ 0.95 → 2. Distance: 0, 0, 0.7·2 + 0.25·1 = 1.65 → 0.55.
  assert.deepEqual(h1.k, [1, 1, 2]);
  close(h1.meanK, 4 / 3);
  assert.deepEqual(h1.kHistogram, [2, 1, 0]);
  close(h1.meanDistance, 0.55);
  close(h1.sinkShare, 1.7 / 3);
  const avg = headAverage([h0, h1]);
  close(avg.meanK, (2 + 4 / 3) / 2);
  close(avg.meanDistance, (0.4 + 0.55) / 2);
});

test('only rows [qFrom, qTo) are added, and accumulators add up across windows', () => {
  const acc = mapStatsCreate(3);
  const kOut = new Float32Array(5).fill(-1);
  mapStatsAdd(acc, { data: att, offset: 0, T: 3, qFrom: 1, qTo: 3 }, 0.9, kOut, 2);
  assert.deepEqual([...kOut], [-1, -1, 2, 3, -1]);
  mapStatsAdd(acc, { data: att, offset: 9, T: 3, qFrom: 2, qTo: 3 }, 0.9);
  const s = mapStatsFinish(acc);
  assert.equal(s.rows, 3);
  close(s.meanK, (2 + 3 + 2) / 3);
  close(s.meanDistance, (0.5 + 0.7 + 1.65) / 3);
  assert.deepEqual(s.kHistogram, [0, 2, 1]);
  assert.deepEqual(mapStatsFinish(mapStatsCreate(2)), {
    rows: 0,
    meanK: 0,
    kHistogram: [0, 0],
    meanDistance: 0,
    sinkShare: 0,
  });
  assert.throws(() => mapStatsAdd(acc, { data: att, offset: 9, T: 3, qFrom: 0, qTo: 4 }, 0.9), RangeError);
});
