import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exampleAt, givenOptions, modelChoices, parseLengths } from '../../../src/host/copying/plan';
import type { CopyProbeResult } from '../../../src/shared/copying';

test('lengths typed: whole numbers in range separated by commas, else what to type', () => {
  assert.deepEqual(parseLengths('10, 20,40'), [10, 20, 40]);
  for (const bad of ['', '10,,20', '0', '5000', 'ten', '1.5']) assert.equal(typeof parseLengths(bad), 'string', bad);
});

test('options given to the command are taken when valid, ignored otherwise', () => {
  assert.deepEqual(givenOptions({ models: ['copy-transformer'], lengths: [5], lookup: true }), {
    models: ['copy-transformer'],
    lengths: [5],
    lookup: true,
  });
  assert.deepEqual(givenOptions({ models: [] }), {});
  assert.deepEqual(givenOptions('lens-lm'), {});
  assert.deepEqual(givenOptions(undefined), {});
});

test('the pick offers the selected model first, then copy models, then other language models', () => {
  const zoo = [
    { name: 'lens-lm', task: 'causal-lm', description: 'default' },
    { name: 'planted-k1', task: 'planted-dependencies', description: 'not an LM' },
    { name: 'moe-lm', task: 'moe', description: 'experts' },
    { name: 'copy-recurrent', task: 'copy', description: 'GRU' },
  ];
  const choices = modelChoices('lens-lm', zoo, ['causal-lm', 'copy', 'moe']);
  assert.deepEqual(
    choices.map((c) => [c.label, c.picked]),
    [
      ['lens-lm', true],
      ['copy-recurrent', false],
      ['moe-lm', false],
    ],
  );
});

test('a panel button names an example by model and example index', () => {
  const e = {
    kind: 'copy' as const,
    length: 2,
    prompt: 'ab|',
    answer: 'ab',
    exact: true,
    tokens: 2,
    correct: 2,
    firstWrong: -1,
    at: { start: 4, end: 5 },
  };
  const model = { model: 'm', mode: 'synthetic' as const, separator: '|', lengths: [], examples: [e] };
  const r: CopyProbeResult = { seed: 1, tasks: 1, models: [model] };
  assert.deepEqual(exampleAt(r, '0:0'), { model: 'm', e });
  assert.equal(exampleAt(r, '0:1'), undefined);
  assert.equal(exampleAt(r, '1:0'), undefined);
  assert.equal(exampleAt(r, 'x'), undefined);
  assert.equal(exampleAt(undefined, '0:0'), undefined);
});
