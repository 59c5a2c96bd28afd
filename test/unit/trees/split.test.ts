import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binsFit } from '../../../src/core/analyses/trees/bins';
import { cartTrain } from '../../../src/core/analyses/trees/cart';
import { impurityOf } from '../../../src/core/analyses/trees/classSplit';
import type { FeatureDescriptor, FeatureMatrix } from '../../../src/core/analyses/trees/features';
import { GradSplitter } from '../../../src/core/analyses/trees/gradSplit';
import { TEST_EQ, TEST_LE, TEST_LEAF } from '../../../src/core/analyses/trees/tree';

/** A one-column matrix. */
function column(values: number[], kind: 'token' | 'embedding'): FeatureMatrix {
  const d: FeatureDescriptor = kind === 'token' ? { kind, offset: 1 } : { kind, dim: 0 };
  return { rows: values.length, cols: 1, values: Float32Array.from(values), descriptors: [d] };
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

test('impurity of class counts: Gini and entropy by formula', () => {
  close(impurityOf([4, 2], 'gini'), 1 - (16 + 4) / 36, 'gini 4:2');
  close(impurityOf([4, 2], 'entropy'), -(2 / 3) * Math.log2(2 / 3) - (1 / 3) * Math.log2(1 / 3), 'entropy 4:2');
  close(impurityOf([3, 0], 'gini'), 0, 'pure');
  close(impurityOf([1, 1, 1, 1], 'entropy'), 2, 'uniform over 4');
});

// x = 1..6, y = 0 0 0 1 0 1. Parent Gini = 1 - (4/6)² - (2/6)² = 4/9.
// x<=1: 0 + 5/6·(1-(3/5)²-(2/5)²) = 5/6·12/25 = 0.4      → gain 0.0444
// x<=2: 0 + 4/6·0.5             = 1/3                  → gain 1/9
// x<=3: 0 + 3/6·(1-(1/3)²-(2/3)²) = 1/2·4/9 = 2/9      → gain 2/9 (best)
// x<=4: 4/6·(1-(3/4)²-(1/4)²) + 2/6·0.5 = 0.25+0.1667  → gain 0.0278
// x<=5: 5/6·(1-(4/5)²-(1/5)²) + 0 = 5/6·8/25 = 0.2667  → gain 0.1778
test('Gini threshold split: hand-worked best is x <= 3 with gain 2/9', () => {
  const m = cartTrain(column([1, 2, 3, 4, 5, 6], 'embedding'), [0, 0, 0, 1, 0, 1], { maxDepth: 1, criterion: 'gini' });
  assert.equal(m.tree.test[0], TEST_LE);
  assert.equal(m.tree.threshold[0], 3);
  close(m.tree.gain[0] ?? NaN, 2 / 9, 'gain');
  assert.deepEqual([m.tree.samples[1], m.tree.samples[2]], [3, 3]);
});

// Same data, entropy. Parent H(2/3, 1/3) = 0.918296 bits.
// x<=3: left pure, right H(1/3, 2/3) = 0.918296, weighted 1/2 → gain 0.459148 (best)
// x<=5: left H(4/5, 1/5) = 0.721928, weighted 5/6 → 0.601607 → gain 0.316689
// x<=2: right H(1/2, 1/2) = 1, weighted 4/6 → gain 0.251629
test('entropy threshold split: hand-worked best is x <= 3 with gain H(1/3)/2 bits', () => {
  const m = cartTrain(column([1, 2, 3, 4, 5, 6], 'embedding'), [0, 0, 0, 1, 0, 1], {
    maxDepth: 1,
    criterion: 'entropy',
  });
  assert.equal(m.tree.threshold[0], 3);
  close(m.tree.gain[0] ?? NaN, 0.459148, 'gain');
});

test('min leaf size removes splits: with minLeaf 3 only x <= 3 is legal; with 4 none is', () => {
  const x = column([6, 5, 4, 3, 2, 1], 'embedding');
  const y = [1, 0, 1, 0, 0, 0];
  assert.equal(cartTrain(x, y, { maxDepth: 1, minLeaf: 3 }).tree.threshold[0], 3);
  const none = cartTrain(x, y, { maxDepth: 1, minLeaf: 4 });
  assert.equal(none.tree.size, 1);
  assert.equal(none.tree.test[0], TEST_LEAF);
  assert.equal(none.classes[none.tree.value[0] ?? -1], 0, 'the leaf predicts the majority class');
});

// Token ids a b c a b c (97 98 99 …) with y = 0 1 0 0 1 0. Parent Gini 4/9.
// == 98: left {1,1} pure, right {0,0,0,0} pure → gain 4/9.
// <= 97: left {0,0}, right {1,0,1,0} Gini 0.5 weighted 4/6 → gain 1/9; <= 98 is the mirror, also 1/9.
test('token features: equality split "== b" beats any threshold; threshold mode finds only 1/9', () => {
  const x = column([97, 98, 99, 97, 98, 99], 'token');
  const y = [0, 1, 0, 0, 1, 0];
  const both = cartTrain(x, y, { maxDepth: 1, tokenSplit: 'both' });
  assert.equal(both.tree.test[0], TEST_EQ);
  assert.equal(both.tree.threshold[0], 98);
  close(both.tree.gain[0] ?? NaN, 4 / 9, 'equality gain');
  const eq = cartTrain(x, y, { maxDepth: 1, tokenSplit: 'equals' });
  assert.equal(eq.tree.threshold[0], 98);
  const le = cartTrain(x, y, { maxDepth: 1, tokenSplit: 'threshold' });
  assert.equal(le.tree.test[0], TEST_LE);
  assert.equal(le.tree.threshold[0], 97, 'the first of two equal gains');
  close(le.tree.gain[0] ?? NaN, 1 / 9, 'threshold gain');
});

test('leaves keep class counts, most frequent first, and predict the smallest id on ties', () => {
  const m = cartTrain(column([1, 1, 1, 1, 1], 'embedding'), [7, 5, 7, 5, 9], { maxDepth: 3 });
  assert.equal(m.tree.size, 1);
  const top = Array.from(m.tree.topClass, (k, j) => [m.classes[k], m.tree.topCount[j]]);
  assert.deepEqual(top, [
    [5, 2],
    [7, 2],
    [9, 1],
  ]);
  assert.equal(m.classes[m.tree.value[0] ?? -1], 5);
});

// x = 1..4, g = -1 -1 1 1, h = 1, λ = 1. Parent G = 0, so its term is 0.
// <=2: ½(G_L²/(H_L+λ) + G_R²/(H_R+λ)) = ½(4/3 + 4/3) = 4/3 (best)
// <=1: ½(1/2 + 1/4) = 0.375;  <=3 is the mirror. Leaf values −G/(H+λ): left 2/3, right −2/3.
test('gradient split: hand-worked loss reduction 4/3 at x <= 2, leaves ±2/3', () => {
  const b = binsFit(column([1, 2, 3, 4], 'embedding'));
  const s = new GradSplitter(b, 1, 1);
  s.g.set([-1, -1, 1, 1]);
  s.h.set([1, 1, 1, 1]);
  const idx = Int32Array.from([0, 1, 2, 3]);
  const choice = s.find(idx, 0, 4);
  assert.ok(choice !== null);
  assert.equal(b.values[0]?.[choice.code], 2);
  close(choice.gain, 4 / 3, 'loss reduction');
  close(s.leafValue(idx, 0, 2), 2 / 3, 'left leaf');
  close(s.leafValue(idx, 2, 4), -2 / 3, 'right leaf');
});

test('quantile bins: codes follow v <= edge, at most maxBins bins', () => {
  const values = Array.from({ length: 1000 }, (_, i) => (i * 37) % 1000);
  const b = binsFit(column(values, 'embedding'), { maxBins: 8 });
  const edges = b.values[0] ?? new Float32Array();
  assert.ok(edges.length <= 8 && edges.length >= 7);
  assert.equal(edges[edges.length - 1], Infinity);
  values.forEach((v, i) => {
    const c = b.codes[i] ?? 0;
    assert.ok(v <= (edges[c] ?? NaN) && (c === 0 || v > (edges[c - 1] ?? NaN)), `value ${v} in bin ${c}`);
  });
});
