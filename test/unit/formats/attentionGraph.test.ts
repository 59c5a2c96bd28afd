import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { LensError } from '../../../src/core/errors';
import { attentionGraphFor } from '../../../src/core/formats/onnx/attentionGraph';
import { FIXTURES, MODELS } from '../helpers';
import { tinyAttention } from './tinyOnnx';

const KV_GRAPH = join(MODELS, 'lens-lm', 'onnx', 'model.onnx');
const ANALYSIS_GRAPH = join(MODELS, 'lens-lm', 'lens-lm.analysis.onnx');
const LAYERS = 4;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const tempDir = () => mkdtempSync(join(tmpdir(), 'lens-attn-'));
const int64 = (values: readonly number[]) =>
  new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);

/** Runs the KV-cache graph with an empty cache: the past of layer 0 has 7 heads, the others 6. */
async function runKvGraph(path: string, ids: readonly number[]): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(path);
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64(ids),
    attention_mask: int64(ids.map(() => 1)),
    position_ids: int64(ids.map((_, i) => i)),
  };
  for (let l = 0; l < LAYERS; l++) {
    for (const kv of ['key', 'value'])
      feeds[`past_key_values.${l}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [1, l === 0 ? 7 : 6, 0, 32]);
  }
  const out = await session.run(feeds);
  await session.release();
  return out;
}

async function runAnalysisGraph(ids: readonly number[]): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(ANALYSIS_GRAPH);
  const out = await session.run({ input_ids: int64(ids), attention_mask: int64(ids.map(() => 1)) });
  await session.release();
  return out;
}

test('the rewritten KV-cache graph gives the analysis graph attentions in every layer', async () => {
  const before = sha256(KV_GRAPH);
  const graph = await attentionGraphFor(KV_GRAPH, tempDir());
  assert.equal(sha256(KV_GRAPH), before, "the user's model file is untouched");
  assert.equal(graph.kind, 'rewritten');
  if (graph.kind !== 'rewritten') return;
  assert.match(graph.path, new RegExp(`model\\.${before}\\.attention-v\\d+\\.onnx$`, 'u'));
  const ids = [...Buffer.from('function add(a, b) {\n  return a + b;\n}')];
  const [rewritten, reference] = await Promise.all([runKvGraph(graph.path, ids), runAnalysisGraph(ids)]);
  for (let l = 0; l < LAYERS; l++) {
    const got = rewritten[`attentions.${l}`];
    const want = reference[`attentions.${l}`];
    if (got === undefined || want === undefined) assert.fail(`layer ${l} has no attentions output`);
    assert.deepEqual(got.dims, [1, 6, ids.length, ids.length], `layer ${l} has 6 heads over ${ids.length} tokens`);
    assert.deepEqual(got.dims, want.dims);
    const a = got.data as Float32Array;
    const b = want.data as Float32Array;
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    assert.ok(maxDiff <= 1e-5, `layer ${l}: max |diff| ${maxDiff}`);
  }
});

test('the cached copy is reused, and a graph with exported attentions is used in place', async () => {
  const cache = tempDir();
  const first = await attentionGraphFor(KV_GRAPH, cache);
  const second = await attentionGraphFor(KV_GRAPH, cache);
  assert.ok(first.kind === 'rewritten' && second.kind === 'rewritten');
  assert.equal(second.path, first.path);
  assert.equal(statSync(second.path).mtimeMs, statSync(first.path).mtimeMs);
  const exported = await attentionGraphFor(ANALYSIS_GRAPH, tempDir());
  assert.deepEqual(exported.kind === 'exported' && [exported.path, exported.outputs.length], [ANALYSIS_GRAPH, LAYERS]);
});

test('a malformed file is a bad-model error, and external weights get the ablation reason', async () => {
  await assert.rejects(
    attentionGraphFor(join(FIXTURES, 'bad-onnx', 'model.onnx'), tempDir()),
    (e) => e instanceof LensError && e.code === 'bad-model' && /not a valid ONNX model/u.test(e.message),
  );
  const folder = tempDir();
  const path = join(folder, 'external.onnx');
  writeFileSync(path, tinyAttention({ location: 'weights.bin' }));
  writeFileSync(join(dirname(path), 'weights.bin'), new Uint8Array(new Float32Array([2]).buffer));
  const graph = await attentionGraphFor(path, tempDir());
  assert.equal(graph.kind, 'unavailable');
  assert.match(graph.kind === 'unavailable' ? graph.reason : '', /external data \(weights\.bin\).*ablation/u);
});
