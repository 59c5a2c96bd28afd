import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DependenciesJobs } from '../../../src/engine/dependencies/jobs';
import { Engine } from '../../../src/engine/engine';
import { dependenciesRequest } from '../../../src/shared/dependencies';
import { FIXTURES, MODELS, quiet } from '../helpers';

const sample = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8').slice(0, 600);
const never = new AbortController().signal;
const request = (model: string) => ({
  text: sample,
  source: 'sample.ts',
  model,
  device: 'cpu' as const,
  allowLocalFiles: true,
  method: 'attention' as const,
  p: 0.9,
  k: 16,
  maxTokens: 16384,
  maps: true,
  at: sample.indexOf('ttlMs:'),
});

test('a user ONNX graph without attention outputs is rewritten (cached copy) and gives the embedded maps', async () => {
  // lens-lm's KV-cache graph, laid out as a user's Optimum export: it has no attentions.* outputs.
  const folder = mkdtempSync(join(tmpdir(), 'lens-user-model-'));
  mkdirSync(join(folder, 'onnx'));
  copyFileSync(join(MODELS, 'lens-lm', 'onnx', 'model.onnx'), join(folder, 'onnx', 'model.onnx'));
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'config.json'])
    copyFileSync(join(MODELS, 'lens-lm', f), join(folder, f));
  const before = readFileSync(join(folder, 'onnx', 'model.onnx'));
  const jobs = new DependenciesJobs(MODELS, mkdtempSync(join(tmpdir(), 'lens-attn-cache-')));
  const user = await jobs.run(request(folder), never, () => undefined);
  const embedded = await jobs.run(request('lens-lm'), never, () => undefined);
  // The user's graph gets a note saying where its attention came from; the embedded one, which exports it, none.
  assert.equal(user.notes?.length, 1);
  assert.match(
    user.notes?.[0] ?? '',
    /cached copy with its 4 attention softmaxes added .*the model file is unchanged/u,
  );
  assert.deepEqual(embedded.notes ?? [], []);
  assert.equal(user.tokens.length, embedded.tokens.length);
  assert.deepEqual(user.kAttention, embedded.kAttention);
  assert.deepEqual(
    user.at?.attention?.map((d) => d.index),
    embedded.at?.attention?.map((d) => d.index),
  );
  assert.equal(user.windowMaps?.data.length, 4 * 6 * 128 * 128);
  assert.ok(readFileSync(join(folder, 'onnx', 'model.onnx')).equals(before), "the user's file is unchanged");
});

test('restricted mode refuses a user model folder', async () => {
  const jobs = new DependenciesJobs(MODELS, mkdtempSync(join(tmpdir(), 'lens-attn-cache-')));
  await assert.rejects(
    jobs.run({ ...request(join(FIXTURES, 'no-logits')), allowLocalFiles: false }, never, () => undefined),
    /restricted mode/u,
  );
});

test('the engine runs dependencies requests by kind and refuses params out of range by value', async () => {
  const engine = new Engine(MODELS, quiet);
  const job = { signal: never, progress: () => undefined };
  try {
    const result = await engine.run(dependenciesRequest, { ...request('lens-lm'), maps: false }, job);
    assert.deepEqual(result.methods, ['attention']);
    assert.equal(result.rows, undefined, 'no maps unless asked for');
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ p: 0 }, /malformed: p:/u],
      [{ k: 0 }, /malformed: k:/u],
      [{ method: 'telepathy' }, /malformed: method:/u],
      [{ range: { start: 0, end: sample.length + 1 } }, /malformed: range:/u],
    ];
    for (const [patch, message] of bad) {
      await assert.rejects(
        engine.runNamed(dependenciesRequest.name, { ...request('lens-lm'), ...patch }, job),
        message,
      );
    }
  } finally {
    await engine.dispose();
  }
});
