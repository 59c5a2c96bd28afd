/**
 * @file Tree LMs on the hidden states of the BPE zoo models: the graph surgery's `final_hidden_state` times the tied
 * embedding matrix (read from model.safetensors) gives the graph's own logits; bytes read states by a hand-worked
 * rule; the features of a text's first bytes do not change when the text goes on (no later byte leaks in); and a
 * tree trained on them saves, loads and scores the same.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { byteEnds, wordLagPositions } from '../../../src/core/analyses/trees/wordLagFeatures';
import { FINAL_HIDDEN } from '../../../src/core/formats/onnx/exposeHidden';
import { hiddenGraphFor } from '../../../src/core/formats/onnx/hiddenGraph';
import { safetensorsRead } from '../../../src/core/formats/safetensors/readSafetensors';
import { graphFeeds } from '../../../src/core/model/graphFeeds';
import { LensFeatures } from '../../../src/engine/trees/lens';
import { TreeModels } from '../../../src/engine/trees/models';
import { FIXTURES, MODELS, runCli, ensureBuilt } from '../helpers';

const cache = mkdtempSync(join(tmpdir(), 'lens-hidden-'));
const EMBEDDINGS = { 'lens-gpt2': 'transformer.wte.weight', 'lens-llama': 'model.embed_tokens.weight' } as const;
const sample = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');

for (const [name, wte] of Object.entries(EMBEDDINGS)) {
  test(`${name}: final_hidden_state · embeddingsᵀ equals the graph's logits`, async () => {
    const session = await ort.InferenceSession.create(
      await hiddenGraphFor(join(MODELS, name, 'onnx', 'model.onnx'), cache),
    );
    const ids = BigInt64Array.from([50256, 464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13], BigInt);
    const n = ids.length;
    const out = await session.run(graphFeeds(session, ids, new BigInt64Array(n).fill(1n), 1, n));
    const h = out[FINAL_HIDDEN]?.data as Float32Array;
    const logits = out['logits']?.data as Float32Array;
    const e = (await safetensorsRead(join(MODELS, name, 'model.safetensors'))).tensors.get(wte);
    assert.ok(e !== undefined && h !== undefined && logits !== undefined);
    const [vocab = 0, d = 0] = e.shape;
    assert.equal(h.length, n * d);
    let worst = 0;
    for (let t = 0; t < n; t++) {
      for (let v = 0; v < vocab; v += 97) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += (h[t * d + i] ?? 0) * Number(e.data[v * d + i] ?? 0);
        worst = Math.max(worst, Math.abs(dot - (logits[t * vocab + v] ?? 0)));
      }
    }
    assert.ok(worst < 1e-3, `largest difference ${worst}`);
    await session.release();
  });
}

test('each byte reads the state after the tokens that end where its last whitespace run starts', () => {
  const bytes = new TextEncoder().encode('ab cd  ef');
  // Tokens "ab", " cd", " ", " ef" end at bytes 2, 5, 6, 9.
  assert.deepEqual([...wordLagPositions(bytes, [2, 5, 6, 9])], [0, 0, 1, 1, 1, 2, 2, 2, 2]);
  assert.deepEqual([...byteEnds('é x', [1, 3])], [2, 4]);
});

test("a text's first bytes read the same states however the text goes on (no later byte leaks in)", async () => {
  const lens = new LensFeatures(MODELS, cache);
  const text = new TextEncoder().encode(sample.slice(0, 300));
  for (const model of ['lens-gpt2', 'lens-llama'] as const) {
    const dim = lens.options({ learner: 'cart', window: 8, depth: 4, minLeaf: 2 }, 'hidden', model).dense?.dim ?? 0;
    const full = await lens.hidden(text, undefined, model);
    assert.equal(full.length, text.length * dim);
    for (const cut of [7, 40, 41, 123, 200]) {
      const part = await lens.hidden(text.subarray(0, cut), undefined, model);
      let worst = 0;
      for (let i = 0; i < cut * dim; i++) worst = Math.max(worst, Math.abs((part[i] ?? 0) - (full[i] ?? 0)));
      assert.ok(worst < 1e-4, `${model}, first ${cut} bytes: rows differ by ${worst}`);
    }
  }
});

test('a tree on lens-llama hidden states saves, loads and scores the same', async () => {
  const models = new TreeModels(MODELS, cache);
  const job = { signal: new AbortController().signal, progress: () => undefined };
  const p = {
    learner: 'cart',
    window: 8,
    depth: 8,
    minLeaf: 2,
    features: 'hidden',
    featureModel: 'lens-llama',
  } as const;
  const held = await models.train({ ...p, sources: [{ name: 'sample.ts', text: sample }], skipped: [] }, job);
  assert.match(held.summary.features, /lens-llama hidden state/u);
  const file = join(cache, 'tree.json');
  await models.save(held, file);
  const loaded = await models.resolve({ from: 'file', path: file });
  const heldOut = sample.slice(200, 700);
  assert.equal(await models.accuracy(loaded, heldOut), await models.accuracy(held, heldOut));
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).dense.model, 'lens-llama');
});

test('trees train --features hidden --feature-model lens-gpt2 in the CLI; an unknown model exits 2', () => {
  ensureBuilt();
  const out = join(cache, 'cli-tree.json');
  const r = runCli(
    'trees',
    'train',
    join(FIXTURES, 'sample.ts'),
    '--features',
    'hidden',
    '--feature-model',
    'lens-gpt2',
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /lens-gpt2 hidden state/u);
  const bad = runCli('trees', 'train', join(FIXTURES, 'sample.ts'), '--feature-model', 'gpt-9', '--out', out);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /feature-model/u);
});

test('a graph without logits has no hidden state to add: missing-output, what to do; nothing cached', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-hidden-none-'));
  await assert.rejects(hiddenGraphFor(join(FIXTURES, 'no-logits', 'model.onnx'), dir), (e: unknown) => {
    const { code, message } = e as { code?: string; message?: string };
    return code === 'missing-output' && /export it with a final_hidden_state output/u.test(message ?? '');
  });
  assert.deepEqual(readdirSync(dir), []);
});
