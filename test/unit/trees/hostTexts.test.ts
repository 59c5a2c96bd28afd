import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generationNote, suggestedModelName, temperatureOf } from '../../../src/host/trees/texts';
import type { TreesModelSummary } from '../../../src/shared/trees';

const summary: TreesModelSummary = {
  modelId: 'trees-1',
  learner: 'cart',
  window: 16,
  features: 'token identities',
  tokens: 4120,
  samples: 4119,
  nodes: 901,
  depth: 16,
  trainAccuracy: 0.7,
  seconds: 1.2,
  sources: ['trees/corpus.txt'],
  skipped: [],
};

test('greedy generation says why the text repeats and how to get better text', () => {
  const note = generationNote(summary, 0, 1);
  assert.match(
    note,
    /^Greedy decoding .* trained on one file \(4,120 tokens, a 16-token window\) soon repeats itself\./u,
  );
  assert.match(note, /set modelLens\.trees\.temperature to 0\.8/u);
  assert.match(note, /more files .* larger modelLens\.trees\.window/u);
});

test('sampled generation names its temperature and seed', () => {
  const note = generationNote({ ...summary, sources: ['a', 'b'] }, 0.8, 42);
  assert.match(note, /^Sampled at temperature 0\.8 \(seed 42\) .* trained on 2 files/u);
});

test('the temperature setting falls back to greedy when unset or out of bounds', () => {
  assert.equal(temperatureOf(undefined), 0);
  assert.equal(temperatureOf(-1), 0);
  assert.equal(temperatureOf(Number.NaN), 0);
  assert.equal(temperatureOf('0.8'), 0);
  assert.equal(temperatureOf(99), 0);
  assert.equal(temperatureOf(0.8), 0.8);
});

test('a saved model is offered under a name from its learner, window and first source', () => {
  assert.equal(suggestedModelName(summary), 'tree-lm-cart-w16-corpus.json');
  const many = { ...summary, learner: 'boosted' as const, window: 8, sources: ['src\\my file.py', 'b', 'c'] };
  assert.equal(suggestedModelName(many), 'tree-lm-boosted-w8-my-file-and-2.json');
  assert.equal(suggestedModelName({ ...summary, sources: [] }), 'tree-lm-cart-w16-model.json');
});
