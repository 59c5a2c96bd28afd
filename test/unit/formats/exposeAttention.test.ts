import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { exposeAttention } from '../../../src/core/formats/onnx/exposeAttention';
import { readOnnx } from '../../../src/core/formats/onnx/readOnnx';
import { MODELS } from '../helpers';
import { tinyAttention, tinyClassifier, tinyFused } from './tinyOnnx';

const read = (...parts: string[]) => readOnnx(readFileSync(join(MODELS, 'lens-lm', ...parts)));

test('the KV-cache graph gets its four softmaxes as attentions.{i}, in layer order', () => {
  const exposure = exposeAttention(read('onnx', 'model.onnx'));
  assert.equal(exposure.kind, 'rewritten');
  if (exposure.kind !== 'rewritten') return;
  assert.deepEqual(
    exposure.outputs.map((o) => [o.name, o.source]),
    [0, 1, 2, 3].map((l) => [`attentions.${l}`, `/blocks.${l}/Softmax_output_0`]),
  );
  assert.deepEqual(exposure.outputs[0]?.shape, [
    'batch_size',
    'heads',
    'sequence_length',
    'past_sequence_length + sequence_length',
  ]);
  const rewritten = readOnnx(exposure.bytes).graph;
  assert.deepEqual(
    rewritten.outputs.slice(-4).map((o) => [o.name, o.elemType]),
    [0, 1, 2, 3].map((l) => [`attentions.${l}`, 1]),
  );
});

test('a graph that already outputs attentions is returned unchanged, flagged as exported', () => {
  const model = read('lens-lm.analysis.onnx');
  const exposure = exposeAttention(model);
  assert.equal(exposure.kind, 'exported');
  assert.equal(exposure.kind === 'exported' && exposure.bytes, model.bytes);
  assert.deepEqual(exposure.kind === 'exported' && exposure.outputs.map((o) => o.name), [
    'attentions.0',
    'attentions.1',
    'attentions.2',
    'attentions.3',
  ]);
});

test('fused attention ops give the ablation reason instead of a rewrite', () => {
  const cases: [Uint8Array, RegExp][] = [
    [tinyFused('Attention', 'com.microsoft', { '': 17, 'com.microsoft': 1 }), /fused com\.microsoft Attention op/u],
    [
      tinyFused('GroupQueryAttention', 'com.microsoft', { '': 17, 'com.microsoft': 1 }),
      /fused com\.microsoft GroupQueryAttention op/u,
    ],
    [tinyFused('Attention', '', { '': 23 }), /fused ONNX Attention \(opset 23\+\) op/u],
  ];
  for (const [bytes, pattern] of cases) {
    const exposure = exposeAttention(readOnnx(bytes));
    assert.equal(exposure.kind, 'unavailable');
    assert.match(exposure.kind === 'unavailable' ? exposure.reason : '', pattern);
    assert.match(
      exposure.kind === 'unavailable' ? exposure.reason : '',
      /not a tensor in the graph; Model Lens measures dependencies by ablation instead/u,
    );
  }
});

test('a softmax that is not attention (a classifier head) is not exposed', () => {
  const exposure = exposeAttention(readOnnx(tinyClassifier()));
  assert.equal(exposure.kind, 'unavailable');
  assert.match(exposure.kind === 'unavailable' ? exposure.reason : '', /No Softmax .* Q·Kᵀ .*ablation/u);
});

test('a tiny scaled dot-product attention exposes softmax(Q·Kᵀ/2) exactly', async () => {
  const exposure = exposeAttention(readOnnx(tinyAttention()));
  assert.equal(exposure.kind, 'rewritten');
  if (exposure.kind !== 'rewritten') return;
  const session = await ort.InferenceSession.create(exposure.bytes);
  const dims = [1, 2, 3, 4];
  const q = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i));
  const k = Float32Array.from({ length: 24 }, (_, i) => Math.cos(i * 0.7));
  const v = new Float32Array(24);
  const out = await session.run({ q: new ort.Tensor(q, dims), k: new ort.Tensor(k, dims), v: new ort.Tensor(v, dims) });
  const probs = out['attentions.0'];
  assert.deepEqual(probs?.dims, [1, 2, 3, 3]);
  const data = probs?.data as Float32Array;
  for (let h = 0; h < 2; h++) {
    for (let t = 0; t < 3; t++) {
      const scores = [0, 1, 2].map(
        (s) => [0, 1, 2, 3].reduce((acc, d) => acc + q[h * 12 + t * 4 + d]! * k[h * 12 + s * 4 + d]!, 0) / 2,
      );
      const z = scores.reduce((acc, x) => acc + Math.exp(x), 0);
      for (let s = 0; s < 3; s++) assert.ok(Math.abs(data[h * 9 + t * 3 + s]! - Math.exp(scores[s]!) / z) < 1e-6);
    }
  }
  await session.release();
});
