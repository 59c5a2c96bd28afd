import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probesFrom } from '../../../src/core/analyses/remaining/probeFile';
import { safetensorsParse } from '../../../src/core/formats/safetensors/readSafetensors';
import { safetensorsSerialize } from '../../../src/core/formats/safetensors/writeSafetensors';
import type { Tensor } from '../../../src/core/formats/safetensors/types';

const f32 = (shape: number[]): Tensor => ({
  dtype: 'F32',
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5),
});
const mlp = (prefix: string, d: number, h: number, k: number): [string, Tensor][] => [
  [`${prefix}.w1`, f32([h, d])],
  [`${prefix}.b1`, f32([h])],
  [`${prefix}.w2`, f32([k, h])],
  [`${prefix}.b2`, f32([k])],
];
const META = {
  format: 'remaining-probes/1',
  edges: '0,2,4,6',
  centres: '1,3,5',
  layers: '2',
  defaultLayer: '1',
  promptLayer: '0',
  transition: '0.5',
  heldOutProbeMae: '3.5,2.25',
};
const parse = (tensors: [string, Tensor][], meta: Record<string, string> = META) =>
  probesFrom(safetensorsParse(safetensorsSerialize(new Map(tensors), meta)), 'probes.safetensors');

test('probes file: bins, rate, layers, prompt probe and held-out errors read back', () => {
  const set = parse([...mlp('layer.0', 4, 3, 3), ...mlp('layer.1', 4, 3, 3), ...mlp('prompt', 4, 3, 3)]);
  assert.deepEqual(set.bins, { edges: [0, 2, 4, 6], centres: [1, 3, 5] });
  assert.equal(set.transition, 0.5);
  assert.equal(set.layers.length, 2);
  assert.deepEqual([set.defaultLayer, set.promptLayer], [1, 0]);
  assert.deepEqual(set.heldOutMae, [3.5, 2.25]);
  assert.deepEqual([set.prompt.inDim, set.prompt.hidden, set.prompt.k], [4, 3, 3]);
});

test('probes file: a missing layer, shapes that disagree or bad metadata are refused as bad-model', () => {
  const full = [...mlp('layer.0', 4, 3, 3), ...mlp('layer.1', 4, 3, 3), ...mlp('prompt', 4, 3, 3)];
  assert.throws(() => parse(full.filter(([n]) => !n.startsWith('layer.1'))), /tensor layer\.1\.w1 is missing/u);
  assert.throws(() => parse([...full.slice(0, 8), ...mlp('prompt', 4, 3, 2)]), /shapes of prompt/u);
  assert.throws(() => parse(full, { ...META, defaultLayer: '2' }), /"defaultLayer" must be a whole number < 2/u);
  assert.throws(() => parse(full, { ...META, edges: '0,4,2,6' }), /edges must increase/u);
  assert.throws(() => parse(full, { ...META, transition: '1' }), /transition/u);
  try {
    parse(full, { ...META, centres: '' });
    assert.fail('no error');
  } catch (error) {
    assert.equal((error as { code?: string }).code, 'bad-model');
  }
});
