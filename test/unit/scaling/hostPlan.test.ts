/**
 * What "Fit Scaling Laws…" asks the engine for (src/host/scaling/plan.ts): the law a mapping allows, each
 * dataset's own loss, the fit of each dataset among the replies and typed κ, K, E₁.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defaultPair,
  fitPlan,
  lawFor,
  lossForDataset,
  parseTyped,
  pickFits,
  targetRuns,
} from '../../../src/host/scaling/plan';
import type { DatasetFit, ScalingFitResult } from '../../../src/shared/scaling';

test('the compute law needs N and D; C alone gives the power law', () => {
  assert.equal(lawFor({ N: 'N', D: 'D', losses: ['l'] }), 'compute');
  assert.equal(lawFor({ C: 'C', losses: ['l'] }), 'power');
  assert.equal(lawFor({ N: 'N', C: 'C', losses: ['l'] }), 'power');
});

test('each dataset is fitted on the loss named after it, not the train loss, else the first loss', () => {
  const losses = ['train_loss', 'eval_code', 'eval_prose'];
  assert.equal(lossForDataset('code', losses), 'eval_code');
  assert.equal(lossForDataset('prose', losses), 'eval_prose');
  assert.equal(lossForDataset('web', losses), 'train_loss');
  assert.equal(lossForDataset('code', ['train/code', 'eval/code']), 'eval/code');
  assert.equal(lossForDataset('all', []), undefined);
  const plan = fitPlan(['code', 'prose', 'web'], losses);
  assert.deepEqual(
    [...plan.lossOf],
    [
      ['code', 'eval_code'],
      ['prose', 'eval_prose'],
      ['web', 'train_loss'],
    ],
  );
  assert.deepEqual(plan.losses, ['eval_code', 'eval_prose', 'train_loss']);
});

const fit = (dataset: string, loss: string, losses: number[] = [3, 2.5, 2], E = 1.5): DatasetFit => ({
  dataset,
  loss,
  law: { kind: 'compute', params: { A: 1, B: 1, E, alpha: 0.3, beta: 0.3 }, optimal: { G: 1, a: 0.5 } },
  r2: 0.99,
  resamples: 0,
  intervals: {},
  band: [],
  points: losses.map((l, i) => ({ where: `row ${i + 1}`, loss: l, predicted: l, residual: 0 })),
});

test('each dataset keeps the fit on its own loss, in the datasets\u2019 order', () => {
  const replies: ScalingFitResult[] = [
    { source: 's', mapping: { losses: [] }, fits: [fit('code', 'eval_code'), fit('prose', 'eval_code')] },
    { source: 's', mapping: { losses: [] }, fits: [fit('code', 'eval_prose'), fit('prose', 'eval_prose')] },
  ];
  const lossOf = new Map([
    ['prose', 'eval_prose'],
    ['code', 'eval_code'],
  ]);
  const got = pickFits(['prose', 'code'], lossOf, replies).map((f) => `${f.dataset}:${f.loss}`);
  assert.deepEqual(got, ['prose:eval_prose', 'code:eval_code']);
  assert.deepEqual(defaultPair(['code', 'prose', 'web']), ['code', 'prose']);
  assert.equal(defaultPair(['code']), undefined);
});

test('typed κ, K, E₁: three positive numbers', () => {
  assert.deepEqual(parseTyped(' 1.10, 0.63 0.85 '), { kappa: 1.1, K: 0.63, e1: 0.85 });
  assert.match(String(parseTyped('1.1 0.63')), /three numbers/u);
  assert.match(String(parseTyped('1.1 -0.63 2')), /positive/u);
  assert.match(String(parseTyped('1.1 x 2')), /positive/u);
});

test('Translate Law offers the runs of the target smallest compute first, the smaller half (at least 3) picked', () => {
  const point = (run: string, C: number) => ({
    where: `row ${run}`,
    run,
    N: C / 60,
    D: 10,
    C,
    loss: 2,
    predicted: 2,
    residual: 0,
  });
  const fit = {
    points: [point('c', 300), point('a', 100), point('e', 500), point('b', 200), point('d', 400)],
    heldOut: { where: 'row f', run: 'f', N: 10, D: 10, C: 600, predicted: 1.5 },
  } as unknown as DatasetFit;
  const runs = targetRuns(fit);
  assert.deepEqual(
    runs.map((r) => [r.run, r.picked]),
    [
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', false],
      ['e', false],
      ['f', false],
    ],
  );
  assert.match(runs[0]?.detail ?? '', /C 100/);
  const small = { points: [point('x', 1), point('y', 2), point('z', 3), point('w', 4)] } as unknown as DatasetFit;
  assert.equal(targetRuns(small).filter((r) => r.picked).length, 3, 'at least 3 picked: the fit has 3 parameters');
});
