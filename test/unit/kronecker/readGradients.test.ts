import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readGradients } from '../../../src/core/analyses/kronecker/readGradients';
import { safetensorsSerialize } from '../../../src/core/formats/safetensors/writeSafetensors';
import type { Tensor } from '../../../src/core/formats/safetensors/types';

const dir = mkdtempSync(join(tmpdir(), 'lens-kron-'));
let files = 0;
const file = (content: string | Uint8Array, ext = '.json'): string => {
  const path = join(dir, `g${files++}${ext}`);
  writeFileSync(path, content);
  return path;
};
const tensor = (shape: number[], values: number[], dtype: 'F32' | 'F64' | 'I32' = 'F32'): Tensor => ({
  dtype,
  shape,
  data:
    dtype === 'F64' ? Float64Array.from(values) : dtype === 'I32' ? Int32Array.from(values) : Float32Array.from(values),
});
const st = (tensors: Record<string, Tensor>): string =>
  file(safetensorsSerialize(new Map(Object.entries(tensors))), '.safetensors');

async function refused(path: string, message: RegExp, layers?: string[]): Promise<void> {
  await assert.rejects(readGradients(path, layers === undefined ? {} : { layers }), (e: Error & { code?: string }) => {
    assert.match(e.message, message);
    assert.ok(e.code === 'bad-input' || e.code === 'too-long' || e.code === 'bad-model', e.code);
    return true;
  });
}

test('JSON: an array of matrices is one dense layer, an object names several, {u, v} is rank-1', async () => {
  const [one] = await readGradients(file('[[[1, 2, 3], [4, 5, 6]], [[0, 1, 0], [1, 0, 1]]]'));
  assert.ok(one?.kind === 'dense');
  assert.deepEqual([one.name, one.count, one.m, one.n], ['gradients', 2, 2, 3]);
  assert.deepEqual([...one.data.subarray(6)], [0, 1, 0, 1, 0, 1]);
  const named = await readGradients(file('{"a": [[[1]], [[2]]], "b": {"u": [[1, 2]], "v": [[3, 4, 5]]}}'));
  assert.deepEqual(
    named.map((s) => [s.name, s.kind, s.count, s.m, s.n]),
    [
      ['a', 'dense', 2, 1, 1],
      ['b', 'rank1', 1, 2, 3],
    ],
  );
  const picked = await readGradients(file('{"a": [[[1]]], "b": [[[2]]]}'), { layers: ['b'] });
  assert.deepEqual(
    picked.map((s) => s.name),
    ['b'],
  );
});

test('JSON bad input: mismatched shapes, an empty set, NaN (null), a missing layer, not JSON', async () => {
  await refused(file('[[[1, 2]], [[1, 2, 3]]]'), /matrix 1.*1 × 3, not 1 × 2.*mismatch/u);
  await refused(file('[[[1, 2], [3]]]'), /row 1/u);
  await refused(file('[]'), /empty set/u);
  await refused(file('[[[1, null]]]'), /row 0, column 1.*not a finite number/u);
  await refused(file('{"b": {"u": [[1]], "v": [[1], [2]]}}'), /u has 1 rows and v 2.*mismatch/u);
  await refused(file('{"a": [[[1]]], "b": [[[2]]]}'), /no layer "c"\. Its layers: "a", "b"/u, ['c']);
  await refused(file('[[[0, 0]]]'), /every gradient is zero/u);
  await refused(file('{"a": [[[1]'), /not JSON/u);
  await refused(file(''), /empty/u);
  await refused(join(dir, 'missing.json'), /does not exist/u);
});

test('safetensors: a [count, m, n] tensor is dense, <name>.u / <name>.v pairs are rank-1', async () => {
  const path = st({
    fc1: tensor([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    'out.u': tensor([3, 2], [1, 0, 0, 1, 1, 1], 'F64'),
    'out.v': tensor([3, 4], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
  });
  const stacks = await readGradients(path);
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const fc1 = byName.get('fc1');
  const out = byName.get('out');
  assert.ok(fc1?.kind === 'dense' && out?.kind === 'rank1');
  assert.deepEqual([fc1.count, fc1.m, fc1.n, fc1.data[11]], [2, 2, 3, 12]);
  assert.deepEqual([out.count, out.m, out.n, out.u[5], out.v[11]], [3, 2, 4, 1, 12]);
  assert.deepEqual(
    (await readGradients(path, { layers: ['out'] })).map((s) => s.name),
    ['out'],
  );
});

test('safetensors bad input: a lone factor, mismatched counts, integers, NaN, a 2-D tensor, no layer', async () => {
  await refused(st({ 'x.u': tensor([2, 3], [1, 2, 3, 4, 5, 6]) }), /only its u factor/u);
  await refused(st({ 'x.u': tensor([2, 1], [1, 2]), 'x.v': tensor([3, 1], [1, 2, 3]) }), /counts mismatch/u);
  await refused(st({ x: tensor([1, 1, 2], [1, 2], 'I32') }), /I32, not a float type/u);
  // The writer refuses NaN: write 2, then overwrite its last float's bytes with NaN's.
  const withNaN = safetensorsSerialize(new Map([['x', tensor([1, 1, 2], [1, 2])]]));
  withNaN.set(new Uint8Array(Float32Array.of(NaN).buffer), withNaN.length - 4);
  await refused(file(withNaN, '.safetensors'), /NaN or Infinity/u);
  await refused(st({ x: tensor([2, 2], [1, 2, 3, 4]) }), /shape \[2, 2\], not 3 sizes/u);
  await refused(st({ x: tensor([1, 1, 1], [1]) }), /no layer "y"\. Its layers: "x"/u, ['y']);
  await refused(st({ x: tensor([1, 5000, 1], new Array<number>(5000).fill(1)) }), /at most 4096/u);
  await refused(file(new Uint8Array([1, 2, 3]), '.safetensors'), /safetensors/u);
});
