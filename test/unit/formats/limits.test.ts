/**
 * @file Limits before allocation and clean refusals of malformed input: JSON size and depth, safetensors tensor
 * counts, ranks, header depth and non-finite values, ONNX field counts, and a rewritten attention graph that
 * onnxruntime refuses (removed from the cache, reported as bad-model).
 */
import { ortReason, toErrorInfo } from '../../../src/core/errors';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openAttentionGraph } from '../../../src/core/formats/onnx/attentionGraph';
import { readFields, WireError, varintField } from '../../../src/core/formats/onnx/protoWire';
import { MAX_RANK, MAX_TENSORS } from '../../../src/core/formats/safetensors/header';
import { safetensorsParse } from '../../../src/core/formats/safetensors/readSafetensors';
import { LensError } from '../../../src/core/errors';
import { jsonDepth, jsonParse, JSON_MAX_DEPTH } from '../../../src/core/parse';

const lens = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === code && pattern.test(e.message);

/** A safetensors file from header text and data bytes. */
function file(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = Buffer.from(header, 'utf8');
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

test('jsonDepth counts nesting outside strings; jsonParse refuses past the size and depth limits', () => {
  assert.equal(jsonDepth('{"a":[1,{"b":"[[[{"}]}'), 3);
  assert.equal(jsonDepth('"\\"[["'), 0);
  assert.equal(jsonDepth('[]'), 1);
  const deep = `${'['.repeat(JSON_MAX_DEPTH + 1)}${']'.repeat(JSON_MAX_DEPTH + 1)}`;
  assert.throws(() => jsonParse(deep, 'x.json'), lens('bad-input', /x\.json .* the JSON depth limit of 128/u));
  assert.deepEqual(jsonParse('[[1]]', 'x.json', { maxDepth: 2 }), [[1]]);
  assert.throws(
    () => jsonParse('{"a": "0123456789"}', 'x.json', { maxBytes: 10, code: 'bad-model' }),
    lens('bad-model', /19 characters long, more than the JSON size limit of 10 bytes/u),
  );
  assert.throws(() => jsonParse('{"a":', 'x.json'), lens('bad-input', /x\.json is not JSON/u));
});

test('safetensors: too many tensors, too high a rank, too deep a header are refused before any data is read', () => {
  const entries = Array.from(
    { length: MAX_TENSORS + 1 },
    (_, i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`,
  );
  assert.throws(
    () => safetensorsParse(file(`{${entries.join(',')}}`)),
    lens('bad-model', new RegExp(`lists ${MAX_TENSORS + 1} tensors, more than the limit of ${MAX_TENSORS}`, 'u')),
  );
  const shape = Array.from({ length: MAX_RANK + 1 }, () => 1);
  assert.throws(
    () => safetensorsParse(file(`{"w":{"dtype":"F32","shape":${JSON.stringify(shape)},"data_offsets":[0,4]}}`)),
    lens('bad-model', /not a list of at most 32 non-negative integers/u),
  );
  assert.throws(
    () => safetensorsParse(file(`{"w":${'['.repeat(20000)}${']'.repeat(20000)}}`)),
    lens('bad-model', /nests deeper than the limit of 16 levels/u),
  );
  const long = 'n'.repeat(100_000);
  const e = (() => {
    try {
      safetensorsParse(file(`{"${long}":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, new Uint8Array(4)));
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  assert.ok(e instanceof LensError && e.message.length < 400, 'a long tensor name is quoted short');
});

test('safetensors: NaN or ±Infinity in F32, F64, F16 and BF16 tensors is refused, naming the tensor', () => {
  const f32 = new Uint8Array(Float32Array.from([1, NaN]).buffer);
  assert.throws(
    () => safetensorsParse(file('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', f32), 'a.safetensors'),
    lens('bad-model', /a\.safetensors: tensor "w" holds NaN at entry 1 of \[2\]/u),
  );
  const f64 = new Uint8Array(Float64Array.from([-Infinity]).buffer);
  assert.throws(
    () => safetensorsParse(file('{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}', f64)),
    lens('bad-model', /tensor "w" holds -Infinity at entry 0/u),
  );
  const f16 = new Uint8Array(Uint16Array.from([0x3c00, 0x7c00]).buffer); // 1, +Inf
  assert.throws(
    () => safetensorsParse(file('{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}', f16)),
    lens('bad-model', /tensor "h" holds Infinity at entry 1/u),
  );
  const bf16 = new Uint8Array(Uint16Array.from([0x7fc0]).buffer); // NaN
  assert.throws(
    () => safetensorsParse(file('{"b":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}', bf16)),
    lens('bad-model', /tensor "b" holds NaN at entry 0/u),
  );
  const ints = new Uint8Array(Int32Array.from([-1]).buffer);
  safetensorsParse(file('{"i":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}', ints));
});

test('protobuf: a message with more fields than the limit is refused as a wire error', () => {
  const bytes = Buffer.concat(Array.from({ length: 11 }, () => varintField(1, 1)));
  assert.equal(readFields(bytes, 0, bytes.length, 11).length, 11);
  assert.throws(
    () => readFields(bytes, 0, bytes.length, 10),
    (e: unknown) => e instanceof WireError,
  );
});

test('a rewritten attention graph that fails to open is removed from the cache and reported as bad-model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-attn-'));
  const cached = join(dir, 'model.abc.attention-v1.onnx');
  writeFileSync(cached, 'not onnx');
  const failing = () => Promise.reject(new Error('Load model from /x failed:This is an invalid model.'));
  await assert.rejects(
    openAttentionGraph({ kind: 'rewritten', path: cached, outputs: [] }, join(dir, 'model.onnx'), failing),
    lens('bad-model', /model\.onnx is not a valid ONNX model: onnxruntime could not load it \(This is an invalid/u),
  );
  assert.equal(existsSync(cached), false, 'the cached copy is gone');
  const own = join(dir, 'own.onnx');
  writeFileSync(own, 'x');
  await assert.rejects(openAttentionGraph({ kind: 'exported', path: own, outputs: [] }, own, failing));
  assert.equal(existsSync(own), true, "the user's own file is never removed");
  assert.equal(await openAttentionGraph({ kind: 'unavailable', reason: '' }, own, (p) => Promise.resolve(p)), own);
});

test('jsonParse reads past a byte-order mark and reports a syntax error on one short line', () => {
  assert.deepEqual(jsonParse('\uFEFF{"a": 1}', 'x.json'), { a: 1 });
  const bad = `{\n  "a": [\n${'    1,\n'.repeat(50)}    Infinity\n  ]\n}`;
  assert.throws(
    () => jsonParse(bad, 'x.json'),
    (e: unknown) => e instanceof Error && /^x\.json is not JSON \(/u.test(e.message) && !e.message.includes('\n'),
  );
});

test("ortReason drops onnxruntime's path prefix and colour codes and keeps one short line", () => {
  const error = new Error(
    `Load model from /tmp/${'x'.repeat(300)}/model.onnx failed:\u001b[31mProtobuf\nparsing failed.`,
  );
  assert.equal(ortReason(error), 'Protobuf parsing failed.');
  assert.ok(ortReason(new Error('y'.repeat(1000))).length <= 160);
});

test('an onnxruntime kernel failure while running is a bad-model message on one line, not internal', () => {
  const esc = String.fromCharCode(27);
  const error = new Error(
    `${esc}[1;31m2026-12-03 02:10:36.719 [E:onnxruntime:, sequential_executor.cc:671 ExecuteKernel] Non-zero ` +
      `status code returned while running Slice node. Name:'/Slice_1' Status Message: slice.h:164 Fill${esc}[m`,
  );
  const info = toErrorInfo(error);
  assert.equal(info.code, 'bad-model');
  assert.match(
    info.message,
    /^onnxruntime could not run the model \(Non-zero status code returned while running Slice/u,
  );
  assert.ok(!info.message.includes('\n') && !info.message.includes(esc));
  assert.equal(toErrorInfo(new Error('something else')).code, 'internal');
});
