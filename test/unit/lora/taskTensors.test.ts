import assert from 'node:assert/strict';
import { test } from 'node:test';
import { near } from './build';
import {
  tensorMagnitudePrune,
  tensorRandomPrune,
  tensorsDareLinear,
  tensorsMagnitudePrune,
  tensorsMajoritySign,
  tensorsTaskArithmetic,
  tensorsTies,
} from '../../../src/core/analyses/lora/taskTensors';
import { rngSeeded } from '../../../src/core/random/rng';

const f = (xs: number[]) => Float32Array.from(xs);
// T1 = [3 −1 2 0], T2 = [−5 −2 1.5 4], weights (2, 1), density 0.75 → k = ⌊0.75·4⌋ = 3 kept each.
const T1 = f([3, -1, 2, 0]);
const T2 = f([-5, -2, 1.5, 4]);

test('task arithmetic is Σ w_i T_i', () => {
  near(tensorsTaskArithmetic([T1, T2], [2, 1]), [1, -4, 5.5, 4], 0, 'sum');
});

test('magnitude pruning keeps the top ⌊density·n⌋ by |value|; threshold ties go to the lowest index', () => {
  near(tensorMagnitudePrune(T1, 0.75), [3, -1, 2, 0], 0, 'T1: 3, 2, −1 kept');
  near(tensorMagnitudePrune(T2, 0.75), [-5, -2, 0, 4], 0, 'T2: −5, 4, −2 kept');
  near(tensorMagnitudePrune(f([1, -1, 1, -1]), 0.5), [1, -1, 0, 0], 0, 'ties');
  near(tensorMagnitudePrune(T1, 0.2), [0, 0, 0, 0], 0, 'k = 0');
  near(tensorMagnitudePrune(T1, 1), T1, 0, 'density 1 keeps all');
  // magnitude_prune merge: 2·[3 −1 2 0] + [−5 −2 0 4] = [1 −4 4 4]
  near(tensorsMagnitudePrune([T1, T2], [2, 1], { density: 0.75 }), [1, -4, 4, 4], 0, 'merge');
});

test('TIES: sign elected on the unweighted pruned sum, then the mean of the agreeing weighted values', () => {
  // Pruned: T1' = [3 −1 2 0], T2' = [−5 −2 0 4]; sum [−2 −3 2 4] elects (−, −, +, +).
  // Weighted: 2·T1' = [6 −2 4 0], T2' = [−5 −2 0 4].
  // entry 0: only T2 agrees → −5 (the weighted sum 6 − 5 > 0 would have elected +);
  // entry 1: (−2 − 2)/2 = −2; entry 2: 4; entry 3: 4.
  near(tensorsTies([T1, T2], [2, 1], { density: 0.75 }), [-5, -2, 4, 4], 0, 'total');
  near(Array.from(tensorsMajoritySign([f([1, -1, 0]), f([-3, 1, 0])], 'total')), [-1, 1, 1], 0, 'sign');
  // 'frequency' counts signs: entry 0 has one + and one − → 0 → + → T1 agrees → 6.
  near(
    tensorsTies([T1, T2], [2, 1], { density: 0.75, majoritySignMethod: 'frequency' }),
    [6, -2, 4, 4],
    0,
    'frequency',
  );
});

test('densities outside (0, 1] are refused by every pruning', () => {
  for (const d of [0, -0.5, 1.5, NaN, Infinity]) {
    assert.throws(() => tensorMagnitudePrune(T1, d), /Density .* is not usable: .*above 0 and at most 1/u, `${d}`);
    assert.throws(() => tensorRandomPrune(T1, d, rngSeeded(0)), /is not usable/u, `${d}`);
    assert.throws(() => tensorsTies([T1, T2], [1, 1], { density: d }), /is not usable/u, `${d}`);
  }
});

test('DARE keeps each entry with probability density and rescales by 1/density, reproducibly from a seed', () => {
  const draws = rngSeeded(42);
  const u = Array.from({ length: 4 }, draws);
  const expected = Array.from(T1, (x, i) => ((u[i] ?? 1) < 0.5 ? x / 0.5 : 0));
  near(tensorRandomPrune(T1, 0.5, rngSeeded(42)), expected, 0, 'mask from the first draws');
  // Expectation is preserved: the mean over many entries of a constant tensor stays near 1.
  const ones = new Float32Array(20000).fill(1);
  const kept = tensorRandomPrune(ones, 0.3, rngSeeded(7));
  const mean = kept.reduce((s, x) => s + x, 0) / kept.length;
  assert.ok(Math.abs(mean - 1) < 0.05, `mean ${mean}`);
  assert.ok(kept.every((x) => x === 0 || Math.abs(x - 1 / 0.3) < 1e-6));
  near(tensorsDareLinear([T1, T2], [2, 1], { density: 1, random: rngSeeded(1) }), [1, -4, 5.5, 4], 0, 'density 1');
});
