import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { bytesField, message, varintField } from '../../../src/core/formats/onnx/protoWire';
import { onnxOpTypes, readOnnx, readOnnxFile } from '../../../src/core/formats/onnx/readOnnx';
import { FIXTURES, MODELS } from '../helpers';
import { tinyAttention } from './tinyOnnx';

const KV_GRAPH = join(MODELS, 'lens-lm', 'onnx', 'model.onnx');
const badModel = (pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === 'bad-model' && pattern.test(e.message);

test('the KV-cache graph lists its inputs, outputs and ops', async () => {
  const { graph, opsets, irVersion } = await readOnnxFile(KV_GRAPH);
  assert.equal(irVersion, 8);
  assert.equal(opsets.get(''), 17);
  assert.deepEqual(
    graph.inputs.slice(0, 3).map((i) => i.name),
    ['input_ids', 'attention_mask', 'position_ids'],
  );
  assert.deepEqual(graph.inputs.find((i) => i.name === 'past_key_values.0.key')?.shape, [
    'batch_size',
    7,
    'past_sequence_length',
    32,
  ]);
  assert.deepEqual(graph.inputs.find((i) => i.name === 'past_key_values.3.value')?.shape, [
    'batch_size',
    6,
    'past_sequence_length',
    32,
  ]);
  assert.equal(graph.outputs[0]?.name, 'logits');
  assert.equal(onnxOpTypes(graph).get('Softmax'), 4);
  assert.deepEqual(graph.externalData, []);
});

test('ASCII garbage is refused as not protobuf, saying what to check', async () => {
  await assert.rejects(
    readOnnxFile(join(FIXTURES, 'bad-onnx', 'model.onnx')),
    badModel(/model\.onnx is not a valid ONNX model: it is not a readable protobuf file.*renamed/u),
  );
});

test('a truncated model is refused as truncated, saying to download it again', () => {
  const bytes = readFileSync(KV_GRAPH);
  for (const length of [bytes.length - 1, Math.floor(bytes.length / 2), 40]) {
    assert.throws(
      () => readOnnx(bytes.subarray(0, length), 'model.onnx'),
      badModel(/truncated.*download or export it again/u),
    );
  }
});

test('an empty file and a protobuf without a graph are refused with what is missing', () => {
  assert.throws(() => readOnnx(new Uint8Array(0)), badModel(/empty \(0 bytes\)/u));
  const noGraph = message([varintField(1, 8), bytesField(2, 'exporter')]);
  assert.throws(() => readOnnx(noGraph), badModel(/holds no graph/u));
});

test('a file over 2 GiB is refused before it is read, pointing to external data', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'lens-onnx-')), 'huge.onnx');
  writeFileSync(path, '');
  truncateSync(path, 2 ** 31 + 10); // sparse: no disk is used
  await assert.rejects(readOnnxFile(path), badModel(/2\.0 GiB.*cannot exceed 2 GiB.*external data/u));
});

test('weights in external data files are listed by location', () => {
  const { graph } = readOnnx(tinyAttention({ location: 'weights.bin' }));
  assert.deepEqual(graph.externalData, ['weights.bin']);
  assert.deepEqual(readOnnx(tinyAttention()).graph.externalData, []);
});
