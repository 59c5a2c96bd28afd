/**
 * What "Inspect Kronecker Preconditioner" asks the engine (src/host/kronecker/plan.ts): params for a gradients file
 * and for a model on a text (checked by the request's schema), the examples setting, and layer names typed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GRADIENT_EXT,
  kronParams,
  maxExamplesOf,
  parseLayerNames,
  runName,
  type KronChoice,
} from '../../../src/host/kronecker/plan';
import { KRON_OPTIONS, KronParamsSchema } from '../../../src/shared/kronecker';
import { check } from '../../../src/shared/schema';

const fileChoice: KronChoice = {
  kind: 'file',
  source: { kind: 'file', path: '/w/g.safetensors' },
  layers: { kind: 'all' },
};
const modelChoice: KronChoice = {
  kind: 'model',
  source: { kind: 'model', model: 'kron-mlp', local: false },
  layers: { kind: 'named', names: ['fc1', 'output'] },
  data: { text: 'hello world', source: 'notes.txt' },
  labels: 'true',
};

test('a gradients file: every layer of it (no layers field), allowLocalFiles as the workspace trust says', () => {
  const p = kronParams(fileChoice, { maxExamples: 100, allowLocalFiles: false });
  assert.deepEqual(p, { input: { from: 'file', path: '/w/g.safetensors' }, allowLocalFiles: false });
  assert.ok(check(KronParamsSchema, p).ok);
});

test('a model on a text: the model, text, labels, examples and the named layers', () => {
  const p = kronParams(modelChoice, { maxExamples: 512, allowLocalFiles: true });
  assert.deepEqual(p, {
    input: {
      from: 'model',
      model: 'kron-mlp',
      text: 'hello world',
      source: 'notes.txt',
      labels: 'true',
      maxExamples: 512,
      layers: ['fc1', 'output'],
    },
    allowLocalFiles: true,
  });
  assert.ok(check(KronParamsSchema, p).ok);
});

test('the run is named by its layers, model or file, text and labels', () => {
  assert.equal(
    runName(fileChoice, (p) => p.replace('/w/', '')),
    'every layer of g.safetensors',
  );
  assert.equal(
    runName(modelChoice, (p) => p),
    'fc1, output of kron-mlp on notes.txt (true labels)',
  );
  const local: KronChoice = { ...modelChoice, source: { kind: 'model', model: '/w/my-lm', local: true } };
  assert.match(
    runName(local, (p) => p.replace('/w/', '')),
    /^fc1, output of my-lm on/u,
  );
});

test('the examples setting: a whole number within bounds, else the default', () => {
  assert.equal(maxExamplesOf(100), 100);
  assert.equal(maxExamplesOf(KRON_OPTIONS.maxExamples.max), KRON_OPTIONS.maxExamples.max);
  for (const bad of [0, -5, 1.5, KRON_OPTIONS.maxExamples.max + 1, '100', undefined, null]) {
    assert.equal(maxExamplesOf(bad), KRON_OPTIONS.maxExamples.default, String(bad));
  }
});

test('layer names typed: commas or spaces, duplicates once; empty or too long refused', () => {
  assert.deepEqual(parseLayerNames(' fc1, output  fc1 '), { names: ['fc1', 'output'] });
  assert.ok('problem' in parseLayerNames('  , '));
  assert.ok('problem' in parseLayerNames('x'.repeat(201)));
});

test('gradient files are JSON or safetensors, by extension', () => {
  assert.ok(GRADIENT_EXT.test('/w/a.safetensors') && GRADIENT_EXT.test('/w/A.JSON'));
  assert.ok(!GRADIENT_EXT.test('/w/a.jsonl') && !GRADIENT_EXT.test('/w/a.txt'));
});
