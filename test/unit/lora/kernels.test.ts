import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  refDisjointMerge,
  refKthLargest,
  refMagnitudePrune,
  refMajoritySign,
  refRandomPrune,
  refTaskArithmetic,
} from './reference';
import { mulberry32Source } from '../../../src/core/numerics/draws';
import { magnitudePrune, randomPrune, weightedSum } from '../../../src/core/numerics/elementwise';
import { disjointMerge, majoritySign, tiesMerge } from '../../../src/core/numerics/ties';
import { kthLargest, magnitudeThreshold } from '../../../src/core/numerics/select';
import { rngSeeded } from '../../../src/core/random/rng';

const f = (xs: number[]) => Float32Array.from(xs);

/** Asserts equal float32 bit patterns (so +0 and −0 differ). */
function sameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: lengths`);
  const a = new Int32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Int32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) assert.equal(a[i], e[i], `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

/** Random float32 entries in (−1, 1), a share of them +0 or −0, on a grid of `levels` when given (ties). */
function randomTensor(n: number, next: () => number, levels = 0): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const u = next();
    if (u < 0.05) return 0;
    if (u < 0.1) return -0;
    const x = next() * 2 - 1;
    return levels > 0 ? Math.round(x * levels) / levels : x;
  });
}

test('kthLargest: hand cases, then the sorted order on random, tied and constant arrays (both partition paths)', () => {
  assert.equal(kthLargest(f([3, 1, 2]), 1), 3);
  assert.equal(kthLargest(f([3, 1, 2]), 3), 1);
  assert.equal(kthLargest(f([5, 1, 5, 5]), 3), 5);
  assert.equal(kthLargest(f([5, 1, 5, 5]), 4), 1);
  assert.equal(kthLargest(f([-2, 7]), 2), -2);
  const next = rngSeeded(11);
  for (const n of [1, 2, 5, 100, 601, 2000, 20000]) {
    for (const levels of [0, 7, 1]) {
      const xs = randomTensor(n, next, levels);
      for (const k of [1, Math.ceil(n / 3), Math.floor((3 * n) / 4) || 1, n]) {
        const [got, want] = [kthLargest(xs.slice(), k), refKthLargest(xs, k)];
        assert.ok(got === want, `n ${n} levels ${levels} k ${k}: ${got} vs ${want} (+0 and −0 are equal)`);
      }
    }
  }
  assert.equal(kthLargest(new Float32Array(5000).fill(0.25), 1234), 0.25, 'all equal');
});

test('magnitudeThreshold: the k-th largest |t| and how many exceed it, leaving t as it was', () => {
  const t = f([-3, 1, 2, -2, 0.5]);
  // |t| sorted down: 3, 2, 2, 1, 0.5.
  assert.deepEqual(magnitudeThreshold(t, 1), { value: 3, bits: 0x40400000, above: 0 });
  assert.deepEqual(magnitudeThreshold(t, 2), { value: 2, bits: 0x40000000, above: 1 });
  assert.deepEqual(magnitudeThreshold(t, 3), { value: 2, bits: 0x40000000, above: 1 });
  assert.deepEqual(magnitudeThreshold(t, 5), { value: 0.5, bits: 0x3f000000, above: 4 });
  sameBits(t, f([-3, 1, 2, -2, 0.5]), 'input untouched');
  assert.deepEqual(magnitudeThreshold(f([-0, 0, 0]), 2), { value: 0, bits: 0, above: 0 }, '−0 is 0');
  const next = rngSeeded(12);
  for (const n of [3, 64, 5000, 49152]) {
    for (const levels of [0, 5]) {
      const xs = randomTensor(n, next, levels);
      const abs = Array.from(xs, Math.abs);
      for (const k of [1, Math.floor(n / 2), Math.floor(0.75 * n), n]) {
        const { value, above } = magnitudeThreshold(xs, k);
        assert.equal(value, refKthLargest(abs, k), `n ${n} levels ${levels} k ${k}`);
        assert.equal(above, abs.filter((m) => m > value).length, `above, n ${n} k ${k}`);
      }
    }
  }
});

test('magnitudePrune keeps the top k by |value|, threshold ties lowest index first, equal to the plain form', () => {
  sameBits(magnitudePrune(f([1, -1, 1, -1]), 2), f([1, -1, 0, 0]), 'ties');
  sameBits(magnitudePrune(f([0.5, -0, 2, 0]), 3), f([0.5, -0, 2, 0]), '−0 kept as −0 when it ties in');
  sameBits(magnitudePrune(f([0.5, -0, 2, -1]), 2), f([0, 0, 2, -1]), 'dropped entries are +0');
  sameBits(magnitudePrune(f([3, -1]), 0), f([0, 0]), 'k = 0');
  sameBits(magnitudePrune(f([3, -1]), 2), f([3, -1]), 'k = n');
  const next = rngSeeded(13);
  for (const n of [1, 7, 1000, 12288]) {
    for (const levels of [0, 3, 1]) {
      const xs = randomTensor(n, next, levels);
      for (const k of [1, Math.floor(n / 3), Math.floor(0.75 * n), n - 1]) {
        sameBits(magnitudePrune(xs, k), refMagnitudePrune(xs, k), `n ${n} levels ${levels} k ${k}`);
      }
    }
  }
});

test('weightedSum is Σ w_i T_i summed in float64 from 0, as the plain form (no −0 results)', () => {
  sameBits(weightedSum([f([1, -0]), f([2, -0])], [0.5, 3], 2), f([6.5, 0]), 'hand');
  sameBits(weightedSum([f([-0])], [1], 1), f([0]), '0 + −0 is +0');
  const next = rngSeeded(14);
  for (const count of [1, 2, 3, 4]) {
    const ts = Array.from({ length: count }, () => randomTensor(3001, next));
    const ws = [0.3, -1.7, 2.5, 1e-3].slice(0, count);
    sameBits(weightedSum(ts, ws, 3001), refTaskArithmetic(ts, ws), `${count} tensors`);
  }
});

test('TIES kernels: elected signs and agreeing means equal the plain forms, also for 1 and 3 tensors', () => {
  // Entry 0: −0 and +0 sum to 0 → + elected; neither agrees → +0.
  // Entry 1: 2 − 1 > 0 → +; only 2 agrees → 2·1.
  sameBits(tiesMerge([f([-0, 2]), f([0, -1])], [1, 3], 2, false), f([0, 2]), 'two tensors');
  // 'frequency': one + against two − elects −, so 4 disagrees: (3·−1 + 1·−2)/2 = −2.5.
  sameBits(tiesMerge([f([4]), f([-1]), f([-2])], [10, 3, 1], 1, true), f([-2.5]), 'frequency');
  const next = rngSeeded(15);
  for (const count of [1, 2, 3]) {
    for (const frequency of [false, true]) {
      const ts = Array.from({ length: count }, () => randomTensor(4000, next, 2));
      const ws = [0.7, 1.3, 0.2].slice(0, count);
      const elected = refMajoritySign(ts, frequency);
      assert.deepEqual(majoritySign(ts, 4000, frequency), elected, `signs, ${count} ${frequency}`);
      const expected = refDisjointMerge(ts, ws, elected);
      sameBits(disjointMerge(ts, ws, elected, 4000), expected, `disjoint, ${count} ${frequency}`);
      sameBits(tiesMerge(ts, ws, 4000, frequency), expected, `ties, ${count} ${frequency}`);
    }
  }
});

test('TIES kernels skip a disagreeing infinity as the plain form does (no Infinity·0 = NaN)', () => {
  // Signs 1 − 1 − 1 < 0 elect −: Infinity disagrees, so the mean is (1·−1 + 2·−2)/2 = −2.5.
  const ts = [f([Infinity]), f([-1]), f([-2])];
  sameBits(tiesMerge(ts, [1, 1, 2], 1, true), f([-2.5]), 'three');
  sameBits(disjointMerge(ts, [1, 1, 2], Int8Array.of(-1), 1), f([-2.5]), 'disjoint');
  // Two tensors by total: Infinity + finite elects +, and −3 disagrees (weight 1e300 × −3 stays out).
  sameBits(tiesMerge([f([Infinity]), f([-3])], [1, 1e300], 1, false), f([Infinity]), 'two');
});

test('mulberry32Source draws the stream of rngSeeded, one at a time or in bulk; DARE masks are the same', () => {
  const plain = rngSeeded(42);
  const expected = Array.from({ length: 9 }, () => plain());
  const source = mulberry32Source(42);
  const bulk = new Float64Array(5);
  const got = [source(), source()];
  source.fill?.(bulk);
  got.push(...bulk, source(), source());
  assert.deepEqual(got, expected);
  const next = rngSeeded(16);
  for (const density of [0.1, 0.5, 0.75, 0.999]) {
    const t = randomTensor(5000, next);
    const reference = refRandomPrune(t, density, rngSeeded(7));
    sameBits(randomPrune(t, density, mulberry32Source(7)), reference, `bulk, density ${density}`);
    sameBits(randomPrune(t, density, rngSeeded(7)), reference, `one at a time, density ${density}`);
  }
  // Hand case: the first draws of seed 42 decide; kept entries are t/density, dropped ones +0.
  const d = 0.5;
  const t = f([3, -1, 2, -0]);
  sameBits(
    randomPrune(t, d, mulberry32Source(42)),
    f(expected.slice(0, 4).map((u, i) => (u < d ? (t[i] ?? 0) / d : 0))),
    'hand',
  );
});
