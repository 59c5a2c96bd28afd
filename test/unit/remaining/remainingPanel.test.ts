import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RemainingPredictResultSchema } from '../../../src/shared/remaining';
import { check } from '../../../src/shared/schema';
import { answerText, estimateLine, heatCells, maeOf, reading, stripTop } from '../../../webview/remaining/data';
import { THREE_TOKENS } from './remainingFixture';

test('the fixture is a valid result', () => {
  const c = check(RemainingPredictResultSchema, THREE_TOKENS);
  assert.ok(c.ok, c.ok ? '' : c.message);
});

test('heat cells: one per step and bin with p > 0', () => {
  assert.deepEqual(heatCells(THREE_TOKENS), [
    { step: 0, bin: 0, p: 0.5 },
    { step: 0, bin: 1, p: 0.5 },
    { step: 1, bin: 0, p: 0.5 },
    { step: 1, bin: 1, p: 0.5 },
    { step: 2, bin: 0, p: 1 },
  ]);
});

test('MAE of each estimate against the truth, hand-worked', () => {
  assert.equal(maeOf(THREE_TOKENS, 'refined'), 0.5);
  assert.equal(maeOf(THREE_TOKENS, 'promptOnly'), 2);
  assert.ok(Math.abs((maeOf(THREE_TOKENS, 'probeOnly') ?? NaN) - 2 / 3) < 1e-12);
  const unknown = { ...THREE_TOKENS, steps: THREE_TOKENS.steps.map(({ truth: _t, ...s }) => s) };
  assert.equal(maeOf(unknown, 'refined'), undefined);
  assert.deepEqual(estimateLine(unknown, 'truth'), []);
  assert.deepEqual(estimateLine(THREE_TOKENS, 'truth'), [
    { x: 0, y: 2 },
    { x: 1, y: 1 },
    { x: 2, y: 0 },
  ]);
});

test('the reading: while writing, when finished, and when cut at the limit', () => {
  assert.equal(answerText(THREE_TOKENS), '3 2 1');
  assert.equal(
    reading(THREE_TOKENS),
    'The answer took 3 tokens (the prompt alone predicted 5). Refined estimates were off by 0.5 tokens on ' +
      'average, prompt-only ones by 2, 4× better.',
  );
  const writing = { ...THREE_TOKENS, steps: THREE_TOKENS.steps.slice(0, 1), done: false, finished: false };
  assert.equal(
    reading(writing),
    'After 1 token(s) the model expects about 2.5 more (refined); the prompt alone predicted 5 in all.',
  );
  const cut = { ...THREE_TOKENS, finished: false };
  assert.match(reading(cut), /without finishing/u);
  assert.match(reading({ ...writing, steps: [] }), /reading the prompt/u);
});

test('the strip’s top: 1.4 × the largest line, within the bins', () => {
  // Largest drawn value: the prompt-only total 5 → 7, capped at the last edge 4.
  assert.equal(stripTop(THREE_TOKENS), 4);
  const wide = { ...THREE_TOKENS, bins: { edges: [0, 2, 100], centres: [1, 51] } };
  assert.equal(stripTop(wide), 7);
  const tiny = { ...wide, promptOnlyTotal: 0, steps: [] };
  assert.equal(stripTop(tiny), 2, 'at least the first bin');
});

test('the reading says worse when the refined estimates missed by more than the prompt-only ones', () => {
  const steps = THREE_TOKENS.steps.map((s) => ({ ...s, refined: (s.truth ?? 0) + 4 }));
  assert.match(reading({ ...THREE_TOKENS, steps }), /off by 4 tokens on average, prompt-only ones by 2, 2× worse\.$/u);
});
