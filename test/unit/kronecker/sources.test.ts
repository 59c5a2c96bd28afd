import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { modelGradients, modelLayers } from '../../../src/core/analyses/kronecker/sources';
import type { GradientStack } from '../../../src/core/analyses/kronecker/types';
import { readEmbeddings } from '../../../src/core/model/embeddedFiles';
import { hiddenStates } from '../../../src/core/model/hiddenStates';
import { loadModel } from '../../../src/core/model/loadModel';
import { readManifest } from '../../../src/core/model/manifest';
import { MODELS, quiet } from '../helpers';

type Rank1 = Extract<GradientStack, { kind: 'rank1' }>;
const base = { model: 'lens-lm', modelsDir: MODELS, allowLocalFiles: false };
const TEXT =
  'function add(a, b) {\n  return a + b;\n}\n\nThe quick brown fox jumps over the lazy dog, and then it ' +
  'runs back to the start of the field to do it all again.\n' +
  'for (let i = 0; i < 10; i++) {\n  console.log(i * i);\n}\n'.repeat(18);
/** lens-lm's window: TEXT spans more than one. */
const CONTEXT = readManifest(MODELS).find((m) => m.name === 'lens-lm')?.context ?? 0;

async function outputStack(labels: 'true' | 'sampled', seed = 1, maxExamples = 2000): Promise<Rank1> {
  const [s] = await modelGradients({ ...base, text: TEXT, labels, seed, maxExamples });
  assert.ok(s?.kind === 'rank1');
  return s;
}

/** The label of each row: u = p − e_y has exactly one negative entry, at y. */
function labelsOf(s: Rank1): number[] {
  return Array.from({ length: s.count }, (_, i) => {
    const row = s.u.subarray(i * s.m, (i + 1) * s.m);
    const neg = [...row.keys()].filter((j) => (row[j] ?? 0) < 0);
    assert.equal(neg.length, 1, `row ${i} has ${neg.length} negative entries`);
    return neg[0] ?? -1;
  });
}

test('lens-lm offers its output layer: m = vocab 257, n = hidden 192', async () => {
  assert.deepEqual(await modelLayers(base), [{ name: 'output', m: 257, n: 192 }]);
});

test('lens-lm output layer: one rank-1 gradient per byte, u rows sum to zero, true labels are the text', async () => {
  const s = await outputStack('true');
  const bytes = [...Buffer.from(TEXT, 'utf8')];
  assert.ok(bytes.length > CONTEXT, 'the text spans more than one window');
  assert.deepEqual([s.name, s.m, s.n, s.count], ['output', 257, 192, bytes.length]);
  assert.equal(s.u.length, s.count * 257);
  assert.equal(s.v.length, s.count * 192);
  for (let i = 0; i < s.count; i++) {
    const sum = s.u.subarray(i * 257, (i + 1) * 257).reduce((a, x) => a + x, 0);
    assert.ok(Math.abs(sum) < 1e-9, `row ${i} sums to ${sum}`);
  }
  assert.deepEqual(labelsOf(s), bytes);
});

test('lens-lm output layer: v is the last hidden state, p is softmax of the logits graph', async () => {
  const s = await outputStack('true');
  const ids = [256, ...Buffer.from(TEXT, 'utf8')];
  const session = await ort.InferenceSession.create(join(MODELS, 'lens-lm', 'lens-lm.analysis.onnx'));
  const h = await hiddenStates(session, ids, { layer: 4, window: CONTEXT });
  await session.release();
  assert.equal(h.dim, 192);
  for (let k = 0; k < s.v.length; k++) assert.ok(Math.abs((s.v[k] ?? 0) - (h.data[k] ?? 0)) < 1e-5, `v[${k}]`);
  const lm = await loadModel('lens-lm', { modelsDir: MODELS, device: 'cpu', log: quiet });
  const logits = await lm.logits([ids.slice(0, 100)]);
  await lm.dispose();
  for (const t of [0, 17, 98]) {
    const row = logits.data.subarray(t * 257, (t + 1) * 257);
    const max = Math.max(...row);
    const z = row.reduce((a, x) => a + Math.exp(x - max), 0);
    for (const j of [0, 32, 101, ids[t + 1] ?? 0, 256]) {
      const p = Math.exp((row[j] ?? 0) - max) / z;
      const u = (s.u[t * 257 + j] ?? 0) + (j === ids[t + 1] ? 1 : 0);
      assert.ok(Math.abs(p - u) < 1e-4, `p[${t}][${j}] ${p} vs ${u}`);
    }
  }
});

test('lens-lm output layer: sampled labels differ from the text, repeat with the seed, change with it', async () => {
  const truth = labelsOf(await outputStack('true'));
  const a = labelsOf(await outputStack('sampled', 7));
  const b = labelsOf(await outputStack('sampled', 7));
  const c = labelsOf(await outputStack('sampled', 8));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, truth);
  assert.notDeepEqual(a, c);
  const same = a.filter((y, i) => y === truth[i]).length / a.length;
  assert.ok(same > 0.2 && same < 0.95, `sampled labels agree with the text on ${same} of tokens`);
});

test('lens-lm output layer: v is the input of the (tied) unembedding: softmax(E v) = u + e_y', async () => {
  const s = await outputStack('true');
  const { table, vocab, dim } = readEmbeddings(MODELS, 'lens-lm');
  const bytes = [...Buffer.from(TEXT, 'utf8')];
  for (const t of [0, 200, s.count - 1]) {
    const v = s.v.subarray(t * dim, (t + 1) * dim);
    const z = Array.from({ length: vocab }, (_, j) => v.reduce((a, x, k) => a + x * (table[j * dim + k] ?? 0), 0));
    const max = Math.max(...z);
    const sum = z.reduce((a, x) => a + Math.exp(x - max), 0);
    z.forEach((x, j) => {
      const p = Math.exp(x - max) / sum;
      const u = (s.u[t * vocab + j] ?? 0) + (j === bytes[t] ? 1 : 0);
      assert.ok(Math.abs(p - u) < 1e-4, `p[${t}][${j}] ${p} vs ${u}`);
    });
  }
});

test('maxExamples keeps the first tokens, computed as in the whole text', async () => {
  const all = await outputStack('true');
  const few = await outputStack('true', 1, 40);
  assert.equal(few.count, 40);
  assert.deepEqual(few.u, all.u.subarray(0, 40 * 257));
  assert.deepEqual(few.v, all.v.subarray(0, 40 * 192));
});

test('bad input: an unknown layer lists the layers; an empty text, a bad maxExamples, a cancel', async () => {
  await assert.rejects(
    modelGradients({ ...base, text: TEXT, labels: 'true', seed: 0, maxExamples: 10, layers: ['fc9'] }),
    (e: { code?: string; message?: string }) =>
      e.code === 'bad-input' && /no layer "fc9".*output/u.test(e.message ?? ''),
  );
  await assert.rejects(
    modelGradients({ ...base, text: '', labels: 'true', seed: 0, maxExamples: 10 }),
    (e: { code?: string }) => e.code === 'empty-input',
  );
  await assert.rejects(
    modelGradients({ ...base, text: TEXT, labels: 'true', seed: 0, maxExamples: 0 }),
    (e: { code?: string }) => e.code === 'bad-input',
  );
  await assert.rejects(
    modelGradients({ ...base, text: TEXT, labels: 'true', seed: 0, maxExamples: 10, signal: AbortSignal.abort() }),
    (e: { code?: string }) => e.code === 'cancelled',
  );
});

test('models without the outputs needed: which output is missing, and what to do', async () => {
  const kvGraph = join(MODELS, 'lens-lm', 'onnx', 'model.onnx');
  await assert.rejects(
    modelLayers({ ...base, model: kvGraph, allowLocalFiles: true }),
    (e: { code?: string; message?: string }) =>
      e.code === 'missing-output' && /hidden_states/u.test(e.message ?? '') && /export/iu.test(e.message ?? ''),
  );
  await assert.rejects(modelLayers({ ...base, model: kvGraph }), (e: { code?: string }) => e.code === 'untrusted');
  await assert.rejects(
    modelLayers({ ...base, model: 'planted-k1' }),
    (e: { code?: string; message?: string }) => e.code === 'bad-model' && /kron-mlp/u.test(e.message ?? ''),
  );
});
