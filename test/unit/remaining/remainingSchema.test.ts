import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RemainingPredictResultSchema } from '../../../src/shared/remaining';
import { check } from '../../../src/shared/schema';

const step = { text: 'a', probs: [0.5, 0.5], probeOnly: 2, refined: 2, promptOnly: 3 };
const result = {
  model: 'remaining-lm',
  prompt: 'p',
  layer: 1,
  layers: 2,
  bins: { edges: [0, 2, 4], centres: [1, 3] },
  promptOnlyTotal: 4,
  steps: [step],
  done: false,
  finished: false,
  layerScan: [],
};

test('remaining result: a step with one probability per bin passes; a wrong count or bad edges fail', () => {
  assert.equal(check(RemainingPredictResultSchema, result).ok, true);
  assert.equal(check(RemainingPredictResultSchema, { ...result, steps: [{ ...step, probs: [1] }] }).ok, false);
  const edges = { ...result, bins: { edges: [0, 4, 2], centres: [1, 3] } };
  assert.equal(check(RemainingPredictResultSchema, edges).ok, false);
  const count = { ...result, bins: { edges: [0, 2], centres: [1, 3] } };
  assert.equal(check(RemainingPredictResultSchema, count).ok, false);
});
