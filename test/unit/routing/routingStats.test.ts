/**
 * @file The router statistics against hand-worked cases. Logits are written as natural logs of small weights, so
 * softmax gives the weights over their sum exactly; every expected number below is worked out in the comments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowsStats } from '../../../src/core/analyses/routing/rowsStats';
import { LoadAccumulator, emptyRouting, routeLayer } from '../../../src/core/analyses/routing/routingStats';

const ln = Math.log;
const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} ≠ ${expected}`);
const closeAll = (actual: ArrayLike<number>, expected: readonly number[], what: string): void => {
  assert.equal(actual.length, expected.length, what);
  expected.forEach((x, i) => close(actual[i] ?? NaN, x, `${what}[${i}]`));
};

test('four experts, top-2, three tokens: loads, fractions, mean probabilities and the three summaries', () => {
  // Token 0: z = ln[4, 2, 1, 1] → p = [4, 2, 1, 1]/8 = [.5, .25, .125, .125]; top-2 {0, 1}; gates .5/.75 = 2/3, 1/3.
  // Token 1: z = [0, 0, 0, 0] → p = .25 each; a four-way tie goes to the lowest ids {0, 1}; gates 1/2, 1/2.
  // Token 2: z = ln[1, 1, 2, 4] → p = [.125, .125, .25, .5]; top-2 {3, 2}; gates 2/3, 1/3.
  const z = [ln(4), ln(2), 0, 0, 0, 0, 0, 0, 0, 0, ln(2), ln(4)];
  const r = routeLayer(z, 3, 4, 2);
  assert.deepEqual(Array.from(r.topk), [0, 1, 0, 1, 3, 2]);
  closeAll(r.gates, [2 / 3, 1 / 3, 0.5, 0.5, 2 / 3, 1 / 3], 'gates');
  closeAll(r.probs, [0.5, 0.25, 0.25, 0.25, 0.5, 0.25], 'p of the chosen');
  // c = [2, 2, 1, 1] (k·T = 6 choices); f = c/6 = [1/3, 1/3, 1/6, 1/6].
  assert.deepEqual(r.counts, [2, 2, 1, 1]);
  closeAll(r.fractions, [1 / 3, 1 / 3, 1 / 6, 1 / 6], 'fractions');
  // P̄ = column means of p: [.5+.25+.125, .25+.25+.125, .125+.25+.25, .125+.25+.5]/3 = [.875, .625, .625, .875]/3.
  closeAll(r.meanProb, [0.875 / 3, 0.625 / 3, 0.625 / 3, 0.875 / 3], 'meanProb');
  // aux = 4·(1/3·.875/3 + 1/3·.625/3 + 1/6·.625/3 + 1/6·.875/3) = 4·(1.5/9 + 1.5/18) = 4·.25 = 1.
  close(r.auxLoss, 1, 'auxLoss');
  // mean c = 1.5; deviations ±.5; population std .5; cv = .5/1.5 = 1/3.
  close(r.cv, 1 / 3, 'cv');
  // H = −(2·(1/3)ln(1/3) + 2·(1/6)ln(1/6)) = (2/3)ln 3 + (1/3)ln 6 ≈ 1.329661; / ln 4 ≈ 0.959148.
  close(r.entropy, ((2 / 3) * ln(3) + (1 / 3) * ln(6)) / ln(4), 'entropy');
  close(r.entropy, 0.959148, 'entropy (decimal)');
  assert.deepEqual(r.dead, []);
});

test('a dead expert: three experts, top-1, the third never chosen', () => {
  // Token 0: z = ln[2, 1, 1] → p = [.5, .25, .25], top-1 = 0, gate 1.
  // Token 1: z = ln[1, 2, 1] → p = [.25, .5, .25], top-1 = 1, gate 1.
  const r = routeLayer([ln(2), 0, 0, 0, ln(2), 0], 2, 3, 1);
  assert.deepEqual(Array.from(r.topk), [0, 1]);
  closeAll(r.gates, [1, 1], 'gates');
  assert.deepEqual(r.counts, [1, 1, 0]);
  assert.deepEqual(r.dead, [2]);
  // f = [.5, .5, 0]; P̄ = [.375, .375, .25]; aux = 3·(.5·.375 + .5·.375 + 0) = 1.125 (above 1: unbalanced).
  closeAll(r.meanProb, [0.375, 0.375, 0.25], 'meanProb');
  close(r.auxLoss, 1.125, 'auxLoss');
  // mean c = 2/3; deviations [1/3, 1/3, −2/3]; variance (1/9 + 1/9 + 4/9)/3 = 2/9; cv = (√2/3)/(2/3) = √2/2.
  close(r.cv, Math.SQRT2 / 2, 'cv');
  // H = −2·(.5 ln .5) − 0·ln 0 (taken as 0) = ln 2; / ln 3 ≈ 0.630930.
  close(r.entropy, ln(2) / ln(3), 'entropy');
});

test('ties: equal scores go to the lower id, also when a later expert equals the last one kept', () => {
  // z = [1, 3, 3, 1]: top-2 is {1, 2} (3 = 3, lower first); top-1 of [1, 1] is 0; top-1 of [0, 5, 5] is 1.
  assert.deepEqual(Array.from(routeLayer([1, 3, 3, 1], 1, 4, 2).topk), [1, 2]);
  assert.deepEqual(Array.from(routeLayer([1, 1], 1, 2, 1).topk), [0]);
  assert.deepEqual(Array.from(routeLayer([0, 5, 5], 1, 3, 1).topk), [1]);
  // z = [2, 1, 2, 2] with k = 3: the three 2s in id order {0, 2, 3}; gates 1/3 each.
  const r = routeLayer([2, 1, 2, 2], 1, 4, 3);
  assert.deepEqual(Array.from(r.topk), [0, 2, 3]);
  closeAll(r.gates, [1 / 3, 1 / 3, 1 / 3], 'gates');
});

test('k = E: gates are the router probabilities, every expert holds every token, loads are uniform', () => {
  // z = ln[1, 3] → p = [.25, .75]; top-2 = {1, 0}; gates = p since the top-k is everything.
  const r = routeLayer([0, ln(3), ln(3), 0], 2, 2, 2);
  assert.deepEqual(Array.from(r.topk), [1, 0, 0, 1]);
  closeAll(r.gates, [0.75, 0.25, 0.75, 0.25], 'gates');
  // c = [2, 2]; f = [.5, .5]; P̄ = [.5, .5]; aux = 2·(.25 + .25) = 1; cv 0; entropy ln 2 / ln 2 = 1.
  assert.deepEqual(r.counts, [2, 2]);
  close(r.auxLoss, 1, 'auxLoss');
  close(r.cv, 0, 'cv');
  close(r.entropy, 1, 'entropy');
});

test('one expert (E = 1): p = 1, gate 1, aux 1, cv 0, and the entropy defined as 1 (a uniform load)', () => {
  const r = routeLayer([5, -3, 0], 3, 1, 1);
  assert.deepEqual(Array.from(r.topk), [0, 0, 0]);
  closeAll(r.gates, [1, 1, 1], 'gates');
  closeAll(r.probs, [1, 1, 1], 'p');
  assert.deepEqual(r.counts, [3]);
  assert.deepEqual(r.meanProb, [1]);
  assert.equal(r.auxLoss, 1);
  assert.equal(r.cv, 0);
  assert.equal(r.entropy, 1);
});

test('large scores stay finite: z = [1000, 0] gives p ≈ [1, e^−1000] and gate 1', () => {
  const r = routeLayer([1000, 0], 1, 2, 1);
  closeAll(r.probs, [1], 'p');
  closeAll(r.meanProb, [1, 0], 'meanProb');
  assert.ok(Number.isFinite(r.auxLoss) && Number.isFinite(r.entropy));
});

test('blocks accumulate: the loads of two windows equal those of the tokens routed at once', () => {
  const z = [ln(4), ln(2), 0, 0, 0, 0, 0, 0, 0, 0, ln(2), ln(4)];
  const acc = new LoadAccumulator(4, 2);
  const out = emptyRouting(3, 2);
  acc.add(z.slice(0, 4), 1, out, 0);
  acc.add(z.slice(4), 2, out, 1);
  const whole = routeLayer(z, 3, 4, 2);
  assert.deepEqual(acc.load(), {
    counts: whole.counts,
    fractions: whole.fractions,
    meanProb: whole.meanProb,
    auxLoss: whole.auxLoss,
    cv: whole.cv,
    entropy: whole.entropy,
    dead: whole.dead,
  });
  assert.deepEqual(Array.from(out.topk), Array.from(whole.topk));
});

test('k outside 1…E and no tokens are refused', () => {
  assert.throws(() => routeLayer([0, 0], 1, 2, 3), /k must be an integer from 1 to 2/u);
  assert.throws(() => routeLayer([0, 0], 1, 2, 0), /k must be/u);
  assert.throws(() => new LoadAccumulator(2, 1).load(), /no tokens/u);
});

test('rowsStats: nested per-token arrays; ragged rows, k above E and too many scores refused before routing', () => {
  const r = rowsStats(
    [
      [ln(2), 0, 0],
      [0, ln(2), 0],
    ],
    1,
  );
  assert.deepEqual(r.topk, [[0], [1]]);
  assert.deepEqual(r.gates, [[1], [1]]);
  assert.deepEqual(r.dead, [2]);
  assert.throws(() => rowsStats([[1, 2], [3]], 1), /Row 1 of the router logits has 1 numbers, but row 0 has 2/u);
  assert.throws(() => rowsStats([[1, 2]], 3), /--top-k 3 is more than the 2 experts/u);
  assert.throws(
    () =>
      rowsStats(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        1,
        5,
      ),
    /2 rows × 3 experts are more than 5 router scores/u,
  );
});
