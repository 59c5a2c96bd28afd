import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { Engine } from '../../../src/engine/engine';
import type { Job } from '../../../src/engine/toolkit';
import {
  treesAutomataRequest,
  treesGenerateRequest,
  treesLoadRequest,
  treesSaveRequest,
  treesTraceRequest,
  treesTrainRequest,
  type TreeFeatures,
} from '../../../src/shared/trees';
import { FIXTURES, MODELS, quiet } from '../helpers';

const corpus = readFileSync(join(FIXTURES, 'trees', 'corpus.txt'), 'utf8');
const sample = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'lens-trees-engine-'));
const job: Job = { signal: new AbortController().signal, progress: () => undefined };
const engine = new Engine(MODELS, quiet);
after(() => engine.dispose());

const params = (features: TreeFeatures, out?: string) => ({
  sources: [
    { name: 'corpus.txt', text: corpus },
    { name: 'sample.ts', text: sample },
  ],
  skipped: [],
  learner: 'cart' as const,
  window: 8,
  depth: 10,
  minLeaf: 2,
  features,
  ...(out !== undefined ? { out } : {}),
});

for (const features of ['tokens', 'embedding', 'hidden'] as const) {
  test(`trees on ${features}: train, trace with exact replay, save to a file and reload it`, async () => {
    const out = join(work, `${features}.json`);
    const s = await engine.run(treesTrainRequest, params(features, out), job);
    assert.ok(s.trainAccuracy > 0.3 && s.nodes > 10, JSON.stringify(s));
    const at = sample.indexOf('push(value');
    const kept = { from: 'engine' as const, modelId: s.modelId };
    const r = await engine.run(treesTraceRequest, { tree: kept, text: sample, at, source: 'sample.ts' }, job);
    assert.equal(r.replayed, true);
    assert.equal(r.position.start, at);
    assert.ok(r.trees[0]?.root.onPath);
    for (const tree of [
      { from: 'file' as const, path: out },
      { from: 'json' as const, text: readFileSync(out, 'utf8'), name: 'm' },
    ]) {
      const r2 = await engine.run(treesTraceRequest, { tree, text: sample, at, source: 'sample.ts' }, job);
      assert.equal(r2.predicted, r.predicted);
      assert.deepEqual(r2.top, r.top);
      assert.equal(r2.model.features, s.features, 'the saved summary comes back');
    }
    const generate = { tree: kept, prompt: 'export ', maxTokens: 5, temperature: 0, seed: 1 };
    if (features === 'hidden') {
      assert.match(s.features, /hidden state/u);
      await assert.rejects(engine.run(treesGenerateRequest, generate, job), LensError);
    } else {
      assert.equal((await engine.run(treesGenerateRequest, generate, job)).text.length > 0, true);
    }
  });
}

test('a model id the engine does not hold says to train again', async () => {
  const tree = { from: 'engine' as const, modelId: 'trees-99' };
  await assert.rejects(
    engine.run(treesTraceRequest, { tree, text: 'abc', at: 1, source: 'x' }, job),
    /Train it again/u,
  );
});

test('a saved model whose summary has a malformed field is refused, naming the field', async () => {
  const out = join(work, 'summary.json');
  await engine.run(treesTrainRequest, params('tokens', out), job);
  const saved = JSON.parse(readFileSync(out, 'utf8')) as { summary: Record<string, unknown> };
  saved.summary['trainAccuracy'] = 'high';
  writeFileSync(out, JSON.stringify(saved));
  const tree = { from: 'file' as const, path: out };
  const run = engine.run(treesTraceRequest, { tree, text: sample, at: 10, source: 'sample.ts' }, job);
  await assert.rejects(
    run,
    (e: unknown) => e instanceof LensError && e.code === 'bad-model' && /summary\.trainAccuracy/u.test(e.message),
  );
  const missing = { from: 'file' as const, path: join(work, 'none.json') };
  await assert.rejects(
    engine.run(treesTraceRequest, { tree: missing, text: sample, at: 10, source: 's' }, job),
    /cannot be read/u,
  );
});

test('params are checked by value: the wrong field is named', async () => {
  await assert.rejects(engine.run(treesTrainRequest, { ...params('tokens'), window: 0 }, job), /window/u);
  await assert.rejects(engine.run(treesTrainRequest, { ...params('tokens'), sources: [] }, job), /sources/u);
  const bad = { ...params('tokens'), learner: 'forest' } as unknown as ReturnType<typeof params>;
  await assert.rejects(engine.run(treesTrainRequest, bad, job), /learner/u);
});

test('automata: every automaton in every layout', async () => {
  const { rows } = await engine.run(treesAutomataRequest, {}, job);
  assert.equal(rows.length, 6);
  const interleaved = rows.filter((r) => r.layout === 'interleaved');
  assert.ok(
    interleaved.every((r) => r.accuracyLong === 1),
    JSON.stringify(interleaved),
  );
});

test('save writes a model file atomically that load brings back under a new id, predicting the same', async () => {
  const s = await engine.run(treesTrainRequest, params('tokens'), job);
  const out = join(work, 'saved-from-ui.json');
  const saved = await engine.run(treesSaveRequest, { tree: { from: 'engine', modelId: s.modelId }, out }, job);
  assert.equal(saved.out, out);
  assert.equal(saved.bytes, Buffer.byteLength(readFileSync(out, 'utf8')));
  assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { format: string }).format, 'model-lens/ardt');
  assert.deepEqual(
    readdirSync(work).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file is left',
  );
  const loaded = await engine.run(treesLoadRequest, { path: out }, job);
  assert.notEqual(loaded.modelId, s.modelId);
  assert.equal(loaded.nodes, s.nodes);
  const at = sample.indexOf('push(value');
  const trace = (modelId: string) =>
    engine.run(treesTraceRequest, { tree: { from: 'engine', modelId }, text: sample, at, source: 's' }, job);
  assert.deepEqual((await trace(loaded.modelId)).top, (await trace(s.modelId)).top);
});

test('a new engine (restart) loads a kept model from its saved copy under the same id', async () => {
  const copy = join(work, 'copy.json');
  const s = await engine.run(treesTrainRequest, params('tokens', copy), job);
  const fresh = new Engine(MODELS, quiet);
  try {
    const tree = { from: 'engine' as const, modelId: s.modelId, file: copy };
    const at = sample.indexOf('push(value');
    const before = await engine.run(treesTraceRequest, { tree, text: sample, at, source: 's' }, job);
    const after = await fresh.run(treesTraceRequest, { tree, text: sample, at, source: 's' }, job);
    assert.deepEqual(after.top, before.top);
    assert.equal(after.model.modelId, s.modelId);
    const next = await fresh.run(treesTrainRequest, params('tokens'), job);
    assert.notEqual(next.modelId, s.modelId, 'a model trained later gets an id of its own');
    const gone = { ...tree, modelId: 'trees-77', file: join(work, 'missing.json') };
    await assert.rejects(
      fresh.run(treesTraceRequest, { tree: gone, text: sample, at, source: 's' }, job),
      /no longer loaded and its copy .*cannot be read\. Train it again/su,
    );
  } finally {
    await fresh.dispose();
  }
});
