/**
 * @file A saved tree model's node and tree counts, and the sizes of its base64 arrays, are checked before anything
 * is decoded; a file past the limits is a bad-model error naming the limit.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ardtTrain } from '../../../src/core/analyses/trees/ardt';
import { ARDT_MAX_TREE_NODES, ARDT_MAX_TREES, ardtLoad, ardtSave } from '../../../src/core/analyses/trees/ardtJson';
import { LensError } from '../../../src/core/errors';
import { FIXTURES } from '../helpers';

const text = readFileSync(join(FIXTURES, 'trees', 'corpus.txt'), 'utf8');
const lens = (pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === 'bad-model' && pattern.test(e.message);
type Saved = { learner: { tree: Record<string, unknown>; trees?: unknown[]; kind: string; classes: number[] } };

test('a tree larger than the node limit is refused before its arrays are decoded', () => {
  const saved = JSON.parse(ardtSave(ardtTrain(text, { window: 4 }))) as Saved;
  saved.learner.tree['size'] = ARDT_MAX_TREE_NODES + 1;
  assert.throws(() => ardtLoad(JSON.stringify(saved)), lens(/up to the limit of 4194304 nodes per tree/u));
});

test('base64 arrays whose length does not match the node count are refused before decoding', () => {
  const saved = JSON.parse(ardtSave(ardtTrain(text, { window: 4 }))) as Saved;
  const feature = Buffer.from(String(saved.learner.tree['feature']), 'base64');
  saved.learner.tree['feature'] = Buffer.concat([feature, Buffer.alloc(4)]).toString('base64');
  assert.throws(() => ardtLoad(JSON.stringify(saved)), lens(/learner\.tree\.feature holds \d+ base64 characters/u));
});

test('a boosted model with more trees than the limit is refused', () => {
  const saved = JSON.parse(ardtSave(ardtTrain(text, { window: 4 }))) as Saved;
  saved.learner = { kind: 'boosted', classes: [1], trees: new Array(ARDT_MAX_TREES + 1).fill(0), tree: {} };
  (saved.learner as unknown as Record<string, unknown>)['base'] = 'AAAAAA==';
  (saved.learner as unknown as Record<string, unknown>)['learningRate'] = 0.1;
  assert.throws(() => ardtLoad(JSON.stringify(saved)), lens(/over the limit of 100000/u));
});

test('a tree model file nested too deep is refused with the limit named', () => {
  assert.throws(() => ardtLoad(`${'['.repeat(1000)}${']'.repeat(1000)}`), lens(/depth limit of 128/u));
});
