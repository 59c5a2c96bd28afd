import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binOf, equalBins, expectedLength } from '../../../src/core/analyses/remaining/bins';
import { applyProbe, type MlpProbe } from '../../../src/core/analyses/remaining/probe';
import { refineAll, refineStep, transition } from '../../../src/core/analyses/remaining/refine';

const close = (a: ArrayLike<number>, b: readonly number[], eps = 1e-12): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++)
    assert.ok(Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)) <= eps, `${i}: ${a[i]} vs ${b[i]}`);
};

test('equal bins: edges w·i, centres w·(i + ½); lengths past the end fall in the last bin', () => {
  const bins = equalBins(3, 2);
  assert.deepEqual(bins, { edges: [0, 2, 4, 6], centres: [1, 3, 5] });
  assert.deepEqual(
    [0, 1.9, 2, 5.9, 6, 600].map((x) => binOf(x, bins)),
    [0, 0, 1, 2, 2, 2],
  );
  assert.ok(Math.abs(expectedLength([0.2, 0.3, 0.5], bins) - 3.6) < 1e-12);
  assert.throws(() => equalBins(0, 2), /Bins need/u);
});

test('refinement, hand-worked on 3 bins of width 2 (rate 1/2)', () => {
  // T·q with T[i][i] = 1/2, T[i][i+1] = 1/2: [0.2, 0.3, 0.5] → [0.25, 0.4, 0.25] (the last bin only keeps half).
  close(transition([0.2, 0.3, 0.5], 0.5), [0.25, 0.4, 0.25]);
  // ⊙ p = [0.5, 0.25, 0.25] → [0.125, 0.1, 0.0625], / 0.2875 → [10, 8, 5] / 23; estimate 59/23.
  const q1 = refineStep([0.2, 0.3, 0.5], [0.5, 0.25, 0.25], 0.5);
  close(q1, [10 / 23, 8 / 23, 5 / 23]);
  assert.ok(Math.abs(expectedLength(q1, equalBins(3, 2)) - 59 / 23) < 1e-12);
  // A flat p keeps the shifted prior: T·[10, 8, 5]/23 = [9, 6.5, 2.5]/23 → [9, 6.5, 2.5]/18; estimate 41/18.
  const [a, b] = refineAll(
    [0.2, 0.3, 0.5],
    [
      [0.5, 0.25, 0.25],
      [1 / 3, 1 / 3, 1 / 3],
    ],
    0.5,
  );
  close(a ?? [], [10 / 23, 8 / 23, 5 / 23]);
  close(b ?? [], [0.5, 6.5 / 18, 2.5 / 18]);
  assert.ok(Math.abs(expectedLength(b ?? [], equalBins(3, 2)) - 41 / 18) < 1e-12);
});

test('refinement: when the probe rules out every bin the prior allows, the probe is taken', () => {
  close(refineStep([1, 0, 0], [0, 0, 2], 0.5), [0, 0, 1]);
});

test('MLP probe, hand-worked: relu(W1 x + b1), then softmax(W2 h + b2)', () => {
  const probe: MlpProbe = {
    inDim: 2,
    hidden: 2,
    k: 2,
    w1: Float32Array.of(1, 0, 0, -1),
    b1: Float32Array.of(0, 0.5),
    w2: Float32Array.of(1, 1, 0, 2),
    b2: Float32Array.of(0, -1),
  };
  // h = relu([2, -1 + 0.5]) = [2, 0]; z = [2, -1]; softmax = [e³, 1] / (e³ + 1).
  const e3 = Math.exp(3);
  close(applyProbe(probe, [9, 2, 1], 1), [e3 / (e3 + 1), 1 / (e3 + 1)], 1e-15);
});
