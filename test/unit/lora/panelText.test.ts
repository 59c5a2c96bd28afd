import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergedFolderName, taskSourceName } from '../../../src/host/lora/names';
import type { LoraComposeResult } from '../../../src/shared/lora';
import { barLayout, catNote, learnedWeights, shownSource, STACK_BELOW } from '../../../webview/lora/format';

test('the save dialog suggests merged-<method>-<adapters>, numbered past taken names', () => {
  assert.equal(
    mergedFolderName('cat', ['lora-arith', 'lora-words'], () => false),
    'merged-cat-lora-arith-lora-words',
  );
  const taken = new Set(['merged-dare_ties-a-b', 'merged-dare_ties-a-b-2']);
  assert.equal(
    mergedFolderName('dare_ties', ['a', 'b'], (n) => taken.has(n)),
    'merged-dare_ties-a-b-3',
  );
  assert.equal(
    mergedFolderName('ties', ['My Adapter (2)', '../x'], () => false),
    'merged-ties-my-adapter-2-x',
  );
  assert.ok(mergedFolderName('svd', ['a'.repeat(200)], () => false).length <= 80);
});

test('task files are named without the extension install path', () => {
  const models = '/home/u/.vscode/extensions/model-lens-0.1.0/media/models';
  assert.equal(
    taskSourceName(`${models}/lora-base/data/dev.jsonl`, models, `${models}/lora-base/data/dev.jsonl`),
    'embedded lora-base/data/dev.jsonl',
  );
  assert.equal(taskSourceName('/ws/tasks/dev.jsonl', models, 'tasks/dev.jsonl'), 'tasks/dev.jsonl');
  assert.equal(
    taskSourceName('C:\\ext\\media\\models\\t\\d.jsonl', 'C:\\ext\\media\\models', 'x'),
    'embedded t/d.jsonl',
  );
  assert.equal(shownSource(`${models}/lora-base/data/dev.jsonl`), 'embedded lora-base/data/dev.jsonl');
  assert.equal(shownSource('tasks/dev.jsonl'), 'tasks/dev.jsonl');
});

const result = (): LoraComposeResult => ({
  base: 'lora-base',
  adapters: ['a', 'b'],
  data: { source: 'test.jsonl', items: 100 },
  dev: { source: '/x/extensions/ml/media/models/lora-base/data/dev.jsonl', items: 60 },
  weights: [1, 1],
  density: 0.75,
  rows: [
    {
      config: 'CAT (learned)',
      kind: 'merge',
      method: 'cat',
      exactMatch: 0,
      loss: 2,
      examples: [],
      catWeights: [[0.75, 0.25]],
    },
    { config: 'linear', kind: 'merge', method: 'linear', exactMatch: 0, loss: 3, examples: [] },
    {
      config: 'CAT (learned, free weights)',
      kind: 'merge',
      method: 'cat_free',
      exactMatch: 0.39,
      loss: 0.4,
      examples: [],
      catWeights: [[1, 1.2]],
    },
  ],
  cat: {
    parameterisation: 'softmax',
    weights: [[0.75, 0.25]],
    devLoss: 2.446,
    startLoss: 2.9506,
    history: [2.9506, 2.6, 2.446],
    evaluations: 9,
  },
  layers: [],
  seconds: 1,
});

test('the CAT note names the embedded dev split, the loss it lowered and the steps', () => {
  assert.equal(
    catNote(result()),
    'CAT learned one weight per adapter per layer on the 60 items of embedded lora-base/data/dev.jsonl, lowering ' +
      "the dev loss from 2.951 to 2.446 in 2 steps. Darker cells add more of that adapter's update.",
  );
  assert.doesNotMatch(catNote(result()), /extensions/u);
});

test('one heatmap per learned CAT row, captioned with its rule and score', () => {
  const l = learnedWeights(result());
  assert.deepEqual(
    l.map((x) => [x.method, x.caption]),
    [
      ['cat', "CAT (learned), softmax: each layer's weights sum to 1 (exact match 0.0%)"],
      ['cat_free', 'CAT (learned, free weights), free weights: no sum rule (exact match 39.0%)'],
    ],
  );
});

test('the bars fit their width: labels above the bars when narrow, left of them when wide', () => {
  for (const w of [200, 260, 400, STACK_BELOW - 1]) {
    const L = barLayout(w);
    assert.ok(L.stacked, `${w}`);
    assert.ok(L.x1 + 48 <= w && L.x0 >= 0, `${w}: ${L.x0}..${L.x1}`);
  }
  const wide = barLayout(1000);
  assert.deepEqual([wide.stacked, wide.x0, wide.x1], [false, 220, 952]);
  assert.deepEqual([barLayout(600).x0, barLayout(600).x1], [216, 552]);
});
