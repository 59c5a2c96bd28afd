import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { kronAnalyze } from '../../../src/engine/kronecker/index';
import type { KronParams, KronResult } from '../../../src/shared/kronecker';
import { KronResultSchema } from '../../../src/shared/kronecker';
import { check } from '../../../src/shared/schema';
import type { Job } from '../../../src/engine/toolkit';
import { MODELS } from '../helpers';
import { randoms } from './kronFixtures';

const dir = mkdtempSync(join(tmpdir(), 'lens-kron-engine-'));
const matrices = (count: number, m: number, n: number, seed: number): number[][][] => {
  const r = randoms(count * m * n, seed);
  return Array.from({ length: count }, (_, c) =>
    Array.from({ length: m }, (_, i) => [...r.subarray((c * m + i) * n, (c * m + i + 1) * n)]),
  );
};
const path = join(dir, 'two.json');
writeFileSync(path, JSON.stringify({ a: matrices(6, 3, 4, 1), b: matrices(5, 2, 5, 2) }));

function job(signal = new AbortController().signal): Job<KronResult> & { seen: number[] } {
  const seen: number[] = [];
  return { signal, progress: (f) => seen.push(f), seen };
}

const params = (input: KronParams['input']): KronParams => ({ input, allowLocalFiles: true });

test('the engine analyses every layer of a file, in order, with progress from 0 to 1', async () => {
  const j = job();
  const r = await kronAnalyze(MODELS, params({ from: 'file', path }), j);
  assert.ok(check(KronResultSchema, r).ok);
  assert.deepEqual(
    r.layers.map((l) => [l.name, l.count, l.m, l.n]),
    [
      ['a', 6, 3, 4],
      ['b', 5, 2, 5],
    ],
  );
  assert.equal(r.source, path);
  assert.ok(j.seen.length > 4);
  j.seen.forEach((f, i) => assert.ok(f >= 0 && f <= 1 && (i === 0 || f >= (j.seen[i - 1] as number))));
  assert.ok((j.seen[j.seen.length - 1] as number) >= 0.5, 'the second layer starts past the middle');
});

test('the engine picks the layers asked for and stops on a cancel', async () => {
  const r = await kronAnalyze(MODELS, params({ from: 'file', path, layers: ['b'] }), job());
  assert.deepEqual(
    r.layers.map((l) => l.name),
    ['b'],
  );
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(kronAnalyze(MODELS, params({ from: 'file', path }), job(controller.signal)), {
    code: 'cancelled',
  });
});

test('the engine reads a model on a text and names the model, the labels and the seed', async () => {
  const input = {
    from: 'model',
    model: 'kron-mlp',
    text: 'Gradients of a small MLP on a short text.',
    source: 'note.txt',
    labels: 'sampled',
    layers: ['fc2'],
    maxExamples: 30,
  } as const;
  const r = await kronAnalyze(MODELS, { ...params(input), seed: 7 }, job());
  assert.equal(r.model, 'kron-mlp');
  assert.equal(r.labels, 'sampled');
  assert.equal(r.seed, 7);
  assert.equal(r.source, 'note.txt');
  const [layer] = r.layers;
  assert.ok(layer !== undefined && layer.name === 'fc2' && layer.count === 30 && layer.m === 256);
});
