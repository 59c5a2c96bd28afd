import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  dtypeSize,
  halfToNumber,
  numberToBf16,
  numberToHalf,
  type SafetensorsDtype,
} from '../../../src/core/formats/safetensors/dtypes';
import { safetensorsParse, safetensorsRead } from '../../../src/core/formats/safetensors/readSafetensors';
import type { Tensor } from '../../../src/core/formats/safetensors/types';
import { safetensorsSerialize, safetensorsWrite } from '../../../src/core/formats/safetensors/writeSafetensors';
import { LensError } from '../../../src/core/errors';

const tmp = () => mkdtempSync(join(tmpdir(), 'lens-st-'));

/** Builds a file by hand: 8-byte length, the given header text, then `data`. */
function rawFile(header: string, data: Uint8Array = new Uint8Array(0), declared?: number): Uint8Array {
  const h = Buffer.from(header, 'utf8');
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declared ?? h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

/** Asserts `fn` throws a bad-model LensError whose message matches `pattern`. */
function refuses(fn: () => unknown, pattern: RegExp): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof LensError && e.code === 'bad-model' && pattern.test(e.message) && /safetensors/.test(e.message),
  );
}

const ALL: Record<string, Tensor> = {
  f64: { dtype: 'F64', shape: [2], data: Float64Array.from([Math.PI, -1e300]) },
  f32: { dtype: 'F32', shape: [2, 2], data: Float32Array.from([1.5, -2.25, 0, 3e38]) },
  f16: { dtype: 'F16', shape: [3], data: Float32Array.from([1, -0.5, 65504]) },
  bf16: { dtype: 'BF16', shape: [3], data: Float32Array.from([1, -2, 3.140625]) },
  i64: { dtype: 'I64', shape: [2], data: BigInt64Array.from([-(2n ** 62n), 7n]) },
  u64: { dtype: 'U64', shape: [1], data: BigUint64Array.from([2n ** 63n]) },
  i32: { dtype: 'I32', shape: [2], data: Int32Array.from([-7, 2 ** 31 - 1]) },
  u32: { dtype: 'U32', shape: [1], data: Uint32Array.from([2 ** 32 - 1]) },
  i16: { dtype: 'I16', shape: [1, 2], data: Int16Array.from([-32768, 5]) },
  u16: { dtype: 'U16', shape: [1], data: Uint16Array.from([65535]) },
  i8: { dtype: 'I8', shape: [3], data: Int8Array.from([-128, 0, 127]) },
  u8: { dtype: 'U8', shape: [2], data: Uint8Array.from([0, 255]) },
  bool: { dtype: 'BOOL', shape: [2], data: Uint8Array.from([1, 0]) },
  empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
  scalar: { dtype: 'F32', shape: [], data: Float32Array.from([42]) },
};

test('every dtype round-trips through a file, with metadata, header padded to 8 bytes', async () => {
  const path = join(tmp(), 'all.safetensors');
  await safetensorsWrite(path, new Map(Object.entries(ALL)), { format: 'pt', note: 'ünïcode' });
  const bytes = new Uint8Array(readFileSync(path));
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0, 'header length is a multiple of 8');
  const back = await safetensorsRead(path);
  assert.deepEqual(back.metadata, { format: 'pt', note: 'ünïcode' });
  assert.deepEqual([...back.tensors.keys()].sort(), Object.keys(ALL).sort());
  for (const [name, t] of Object.entries(ALL)) {
    const got = back.tensors.get(name);
    assert.ok(got !== undefined, name);
    assert.equal(got.dtype, t.dtype, name);
    assert.deepEqual(got.shape, t.shape, name);
    assert.deepEqual(
      Array.from(got.data as ArrayLike<number | bigint>),
      Array.from(t.data as ArrayLike<number | bigint>),
      name,
    );
  }
});

test('tensors are laid out largest element first, then by name, each aligned to its element size', () => {
  const bytes = safetensorsSerialize(new Map(Object.entries(ALL)));
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8')) as Record<
    string,
    { dtype: string; data_offsets: [number, number] }
  >;
  const order = Object.entries(header).sort(
    (a, b) => a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1],
  );
  const sizes = order.map(([, e]) => dtypeSize(e.dtype as SafetensorsDtype));
  assert.deepEqual(
    sizes,
    [...sizes].sort((a, b) => b - a),
    'element sizes never increase along the file',
  );
  for (const [name, e] of order) assert.equal(e.data_offsets[0] % dtypeSize(e.dtype as SafetensorsDtype), 0, name);
  const sameSize = order
    .filter(([, e]) => dtypeSize(e.dtype as SafetensorsDtype) === 4 && e.data_offsets[1] > e.data_offsets[0])
    .map(([n]) => n);
  assert.deepEqual(sameSize, [...sameSize].sort(), 'four-byte tensors in name order');
});

test('F16 and BF16 conversions: exact values, rounding to nearest even, specials', () => {
  assert.equal(halfToNumber(0x3c00), 1);
  assert.equal(halfToNumber(0xc000), -2);
  assert.equal(halfToNumber(0x7bff), 65504);
  assert.equal(halfToNumber(0x0001), 2 ** -24, 'smallest subnormal');
  assert.equal(halfToNumber(0x7c00), Infinity);
  assert.ok(Number.isNaN(halfToNumber(0x7e00)));
  assert.equal(numberToHalf(1), 0x3c00);
  assert.equal(numberToHalf(65504), 0x7bff);
  assert.equal(numberToHalf(65520), 0x7c00, '65520 rounds up to infinity');
  assert.equal(numberToHalf(2 ** -24), 0x0001);
  assert.equal(numberToHalf(1 + 2 ** -11), 0x3c00, 'halfway between 1 and the next half rounds to even (1)');
  assert.equal(numberToHalf(1 + 3 * 2 ** -11), 0x3c02, 'halfway, odd below, rounds up to even');
  assert.equal(numberToBf16(1), 0x3f80);
  assert.equal(numberToBf16(1 + 2 ** -8), 0x3f80, 'halfway rounds to even');
  assert.equal(numberToBf16(1 + 3 * 2 ** -8), 0x3f82);
  const back = safetensorsParse(
    safetensorsSerialize(new Map([['x', { dtype: 'F16', shape: [2], data: Float32Array.from([0.1, 1e-7]) }]])),
  );
  assert.deepEqual(Array.from(back.tensors.get('x')?.data as Float32Array), [
    halfToNumber(numberToHalf(0.1)),
    halfToNumber(numberToHalf(1e-7)),
  ]);
});

test('a header written by another program (hand-built bytes) is read', () => {
  const data = new Uint8Array(new Float32Array([1, 2]).buffer);
  const file = rawFile('{"__metadata__":{"a":"b"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}   ', data);
  const back = safetensorsParse(file);
  assert.deepEqual(Array.from(back.tensors.get('w')?.data as Float32Array), [1, 2]);
  assert.deepEqual(back.metadata, { a: 'b' });
});

test('refused: header length beyond the file', () => {
  refuses(() => safetensorsParse(rawFile('{}', new Uint8Array(0), 1000)), /header claims 1000 bytes but only 2 follow/);
  refuses(() => safetensorsParse(new Uint8Array(5)), /fewer than the 8-byte header length/);
});

test('refused: header that is not JSON, or not an object', () => {
  refuses(() => safetensorsParse(rawFile('{"w": {"dtype": "F32",')), /not valid UTF-8 JSON/);
  refuses(() => safetensorsParse(rawFile('[1, 2, 3]')), /not a JSON object/);
  refuses(() => safetensorsParse(rawFile('{"__metadata__": {"a": 1}}')), /"__metadata__"."a" is not a string/);
});

test('refused: unknown dtype, bad shape, size not matching the offsets', () => {
  const data = new Uint8Array(8);
  refuses(
    () => safetensorsParse(rawFile('{"w":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}}', data)),
    /dtype "F8_E4M3", which Model Lens does not read/,
  );
  refuses(
    () => safetensorsParse(rawFile('{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}', data)),
    /not a list of at most 32 non-negative integers/,
  );
  refuses(
    () => safetensorsParse(rawFile('{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', data)),
    /F32\[3\] = 12 bytes, but its offsets span 8/,
  );
});

test('refused: truncated data', () => {
  const full = rawFile('{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', new Uint8Array(16));
  refuses(
    () => safetensorsParse(full.subarray(0, full.length - 4)),
    /ends at byte 16 of the data but the file holds only 12 \(the file is truncated\)/,
  );
});

test('refused: overlapping offsets, gaps, and trailing bytes', () => {
  const h =
    '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}';
  refuses(() => safetensorsParse(rawFile(h, new Uint8Array(12))), /tensor "b" \(bytes 4–12\) overlaps tensor "a"/);
  const gap =
    '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}';
  refuses(() => safetensorsParse(rawFile(gap, new Uint8Array(12))), /gap of 4 unused bytes before tensor "b"/);
  refuses(
    () => safetensorsParse(rawFile('{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', new Uint8Array(3))),
    /2 bytes after the last tensor are not described/,
  );
});

test('a corrupt file on disk is refused before any tensor is read, naming the file', async () => {
  const path = join(tmp(), 'broken.safetensors');
  writeFileSync(path, rawFile('{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', new Uint8Array(8)));
  await assert.rejects(
    safetensorsRead(path),
    (e: unknown) => e instanceof LensError && /broken\.safetensors is not a valid safetensors file/.test(e.message),
  );
  await assert.rejects(
    safetensorsRead(join(tmp(), 'missing.safetensors')),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input' && /does not exist/.test(e.message),
  );
});

test('writing refuses a shape that does not fit the data, and a typed array of the wrong kind', () => {
  assert.throws(
    () => safetensorsSerialize(new Map([['x', { dtype: 'F32', shape: [3], data: new Float32Array(2) }]])),
    /shape \[3\] \(3 values\) but holds 2/,
  );
  assert.throws(
    () => safetensorsSerialize(new Map([['x', { dtype: 'I32', shape: [2], data: new Float32Array(2) }]])),
    /declared I32 but holds a Float32Array/,
  );
});

test('aligned tensors are views of the data read, unaligned ones copies; parse copies its input', async () => {
  // h F16 [2] at bytes 0–4, even F32 [2] at 4–12 (aligned), g F16 [1] at 12–14, odd F32 [2] at 14–22 (not).
  const data = new Uint8Array(22);
  const view = new DataView(data.buffer);
  view.setUint16(0, numberToHalf(-0.5), true);
  view.setUint16(2, numberToHalf(2), true);
  view.setFloat32(4, 3, true);
  view.setFloat32(8, 4.25, true);
  view.setUint16(12, numberToHalf(1), true);
  view.setFloat32(14, 1.5, true);
  view.setFloat32(18, -2, true);
  const entry = (dtype: string, n: number, from: number, to: number) =>
    `{"dtype":"${dtype}","shape":[${n}],"data_offsets":[${from},${to}]}`;
  const header =
    `{"h":${entry('F16', 2, 0, 4)},"even":${entry('F32', 2, 4, 12)},"g":${entry('F16', 1, 12, 14)},` +
    `"odd":${entry('F32', 2, 14, 22)}}`;
  const bytes = rawFile(header.padEnd(Math.ceil(header.length / 8) * 8, ' '), data);
  const path = join(tmp(), 'aligned.safetensors');
  writeFileSync(path, bytes);
  const file = await safetensorsRead(path);
  const [h, even, g, odd] = ['h', 'even', 'g', 'odd'].map((n) => file.tensors.get(n)?.data as Float32Array);
  assert.deepEqual([...(h ?? []), ...(g ?? [])], [-0.5, 2, 1]);
  assert.deepEqual([...(even ?? [])], [3, 4.25]);
  assert.deepEqual([...(odd ?? [])], [1.5, -2]);
  assert.equal(even?.byteOffset, 4, 'the tensor at byte 4 is a view at that offset');
  assert.equal(even?.buffer.byteLength, data.length, 'a view of the buffer the data was read into');
  assert.equal(odd?.byteOffset, 0, 'the tensor at byte 14 is a copy');
  assert.equal(odd?.buffer.byteLength, 8, 'a copy of its own bytes');
  const chosen = (await safetensorsRead(path, { select: (n) => n === 'even' })).tensors.get('even')?.data;
  assert.deepEqual([chosen?.byteOffset, chosen?.buffer.byteLength], [0, 8], 'a selection is copied out');
  const parsed = safetensorsParse(bytes);
  const buffer = readFileSync(path); // a Buffer, whose slice() is a view
  const fromBuffer = safetensorsParse(buffer);
  bytes.fill(0);
  buffer.fill(0);
  for (const p of [parsed, fromBuffer]) {
    assert.deepEqual([...((p.tensors.get('even')?.data as Float32Array) ?? [])], [3, 4.25], 'parse copied');
    assert.deepEqual([...((p.tensors.get('odd')?.data as Float32Array) ?? [])], [1.5, -2], 'parse copied');
  }
});

test('a float32 tensor holding Infinity or NaN anywhere is refused at its first such entry', async () => {
  for (const [bad, at] of [
    [Infinity, 4],
    [NaN, 0],
    [-Infinity, 6],
  ] as const) {
    const values = new Float32Array(7).fill(0.5);
    values[at] = bad;
    values[6] = at === 6 ? bad : -Infinity;
    const header = '{"t":{"dtype":"F32","shape":[7],"data_offsets":[0,28]}}';
    const bytes = rawFile(header.padEnd(64, ' '), new Uint8Array(values.buffer));
    refuses(() => safetensorsParse(bytes), new RegExp(`holds ${bad} at entry ${at} of \\[7\\]`));
  }
});
