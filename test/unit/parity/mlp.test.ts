import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  initMlp,
  lossGrad,
  mlpBackward,
  mlpForward,
  mlpScratch,
  sgdStep,
  subMlp,
  type Mlp,
  type MlpLoss,
} from '../../../src/core/analyses/parity/mlp';
import { FIXTURES } from '../helpers';

type Params = Record<'w1' | 'b1' | 'w2' | 'b2', number[]>;
interface Case extends Params {
  name: string;
  loss: MlpLoss;
  dims: number;
  width: number;
  outputs: number;
  batch: number;
  x: number[];
  y: number[];
  value: number;
  grads: Params;
  stepped: Params;
}
const doc = JSON.parse(readFileSync(join(FIXTURES, 'parity', 'mlp-grads.json'), 'utf8')) as {
  lr: number;
  weightDecay: number;
  cases: Case[];
};

const netOf = (c: Case): Mlp => ({
  dims: c.dims,
  width: c.width,
  outputs: c.outputs,
  w1: Float32Array.from(c.w1),
  b1: Float32Array.from(c.b1),
  w2: Float32Array.from(c.w2),
  b2: Float32Array.from(c.b2),
});

function close(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  expected.forEach((e, i) => {
    const a = actual[i] ?? NaN;
    assert.ok(Math.abs(a - e) <= 1e-5 * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs PyTorch ${e}`);
  });
}

for (const c of doc.cases) {
  test(`${c.name}: loss, gradients and one SGD step with weight decay match PyTorch autograd`, () => {
    const net = netOf(c);
    const s = mlpScratch(net, c.batch);
    const x = Float32Array.from(c.x);
    mlpForward(net, x, c.batch, s);
    const value = lossGrad(c.loss, Float32Array.from(c.y), c.batch, s, c.outputs);
    assert.ok(Math.abs(value - c.value) < 1e-5, `loss ${value} vs ${c.value}`);
    mlpBackward(net, x, c.batch, s);
    for (const k of ['w1', 'b1', 'w2', 'b2'] as const) close(s.grads[k], c.grads[k], `grad ${k}`);
    sgdStep(net, s.grads, doc.lr, doc.weightDecay);
    for (const k of ['w1', 'b1', 'w2', 'b2'] as const) close(net[k], c.stepped[k], `stepped ${k}`);
  });
}

test('the hinge fixture has both active and inactive margins (the backward pass is checked on both)', () => {
  const hinge = doc.cases.find((c) => c.loss === 'hinge');
  assert.ok(hinge !== undefined);
  const active = (hinge as unknown as { active: number }).active;
  assert.ok(active > 0 && active < hinge.batch, `active margins ${active} of ${hinge.batch}`);
});

test('gathering rows by index gives the same gradients as the rows in order', () => {
  const c = doc.cases[0];
  assert.ok(c !== undefined);
  const net = netOf(c);
  const rows = [3, 0, 5];
  const x = Float32Array.from(c.x);
  const y = Float32Array.from(c.y);
  const gathered = Float32Array.from(rows.flatMap((r) => c.x.slice(r * c.dims, (r + 1) * c.dims)));
  const s1 = mlpScratch(net, 3);
  mlpForward(net, x, 3, s1, Int32Array.from(rows));
  lossGrad(c.loss, y, 3, s1, 1, Int32Array.from(rows));
  mlpBackward(net, x, 3, s1, Int32Array.from(rows));
  const s2 = mlpScratch(net, 3);
  mlpForward(net, gathered, 3, s2);
  lossGrad(c.loss, Float32Array.from(rows.map((r) => c.y[r] ?? 0)), 3, s2, 1);
  mlpBackward(net, gathered, 3, s2);
  assert.deepEqual(s1.grads.w1, s2.grads.w1);
  assert.deepEqual(s1.grads.b2, s2.grads.b2);
});

test('sparse init: each hidden neuron reads exactly s inputs with weights ±1/sqrt(s); same seed, same net', () => {
  const net = initMlp(30, 50, 1, 7, 2);
  for (let j = 0; j < 50; j++) {
    const row = Array.from(net.w1.subarray(j * 30, (j + 1) * 30)).filter((w) => w !== 0);
    assert.equal(row.length, 2);
    for (const w of row) assert.ok(Math.abs(Math.abs(w) - Math.SQRT1_2) < 1e-6);
  }
  assert.deepEqual(initMlp(30, 50, 1, 7, 2), net);
  assert.notDeepEqual(initMlp(30, 50, 1, 8, 2).w1, net.w1);
  const dense = initMlp(30, 50, 1, 7);
  assert.ok(Array.from(dense.w1).every((w) => w !== 0 && Math.abs(w) <= 1 / Math.sqrt(30)));
});

test('a sub-network keeps the chosen neurons with their weights, in order', () => {
  const net = initMlp(4, 6, 2, 3);
  const sub = subMlp(net, [5, 1]);
  assert.equal(sub.width, 2);
  assert.deepEqual(Array.from(sub.w1.subarray(0, 4)), Array.from(net.w1.subarray(20, 24)));
  assert.deepEqual(Array.from(sub.b1), [net.b1[5], net.b1[1]]);
  assert.deepEqual(Array.from(sub.w2), [net.w2[5], net.w2[1], net.w2[11], net.w2[7]]);
  assert.deepEqual(sub.b2, net.b2);
});
