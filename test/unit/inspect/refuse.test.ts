/**
 * @file The inspector refuses what is not a model file it reads, with a message saying what is wrong and what
 * to do: truncated and corrupt ONNX, safetensors and GGUF files, unknown formats, missing paths; and it walks a
 * 1.5 GB ONNX model (a sparse file whose weight bytes are never written) reading only its structure.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bytesField, encodeVarint, message, varintField } from '../../../src/core/formats/onnx/protoWire';
import { encodeNode, encodeValueInfo } from '../../../src/core/formats/onnx/encodeOnnx';
import { FileCursor } from '../../../src/core/inspect/fileCursor';
import { inspectModelFile } from '../../../src/core/inspect/index';
import { walkOnnx } from '../../../src/core/inspect/onnxWalk';
import { tinyModel } from '../formats/tinyOnnx';
import { FIXTURES, MODELS } from '../helpers';
import { ggufHeader, writeGguf } from './ggufWriter';

const dir = mkdtempSync(join(tmpdir(), 'lens-inspect-bad-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function refused(path: string, pattern: RegExp): Promise<void> {
  await assert.rejects(inspectModelFile(path), (error: Error & { code?: string }) => {
    assert.match(error.message, pattern);
    assert.ok(['bad-model', 'bad-input'].includes(error.code ?? ''), error.message);
    assert.doesNotMatch(error.message, /\n/u);
    return true;
  });
}

describe('inspectModelFile refuses bad files', () => {
  const lens = readFileSync(join(MODELS, 'lens-lm', 'onnx', 'model.onnx'));

  it('a truncated ONNX model, saying it looks truncated', async () => {
    const path = join(dir, 'cut.onnx');
    writeFileSync(path, lens.subarray(0, Math.floor(lens.length / 2)));
    await refused(path, /not a valid ONNX model: .*truncated.*download or export it again/u);
  });

  it('an ONNX model with garbage bytes, and an empty one', async () => {
    const path = join(dir, 'garbage.onnx');
    writeFileSync(path, Buffer.from('this is a text file, not a model\n'.repeat(10)));
    await refused(path, /not a valid ONNX model/u);
    writeFileSync(join(dir, 'empty.onnx'), '');
    await refused(join(dir, 'empty.onnx'), /empty \(0 bytes\)/u);
  });

  it('a truncated safetensors file', async () => {
    const path = join(dir, 'cut.safetensors');
    const whole = readFileSync(join(MODELS, 'lora-words', 'adapter_model.safetensors'));
    writeFileSync(path, whole.subarray(0, whole.length - 100));
    await refused(path, /not a valid safetensors file: .*truncated/u);
  });

  it('a GGUF file with the wrong magic, a cut header, or tensors past its end', async () => {
    writeFileSync(join(dir, 'magic.gguf'), Buffer.from('GGML and some bytes'));
    await refused(join(dir, 'magic.gguf'), /not a valid GGUF file: it does not start with the magic bytes/u);
    const header = ggufHeader({ 'general.architecture': 'llama' }, [
      { name: 'w', dims: [4, 4], type: 0, offset: 0 },
      { name: 'v', dims: [4, 4], type: 0, offset: 64 },
    ]);
    writeFileSync(join(dir, 'cut.gguf'), header.subarray(0, 40));
    await refused(join(dir, 'cut.gguf'), /not a valid GGUF file/u);
    await writeGguf(join(dir, 'short.gguf'), header, 32);
    await refused(join(dir, 'short.gguf'), /not a valid GGUF file: tensor "v" starts at byte \d+, past the end/u);
  });

  it('a file of another kind, a folder that is no adapter, and a missing path', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    await refused(join(dir, 'notes.txt'), /not a model file Model Lens reads: open an \.onnx/u);
    await refused(dir, /has no adapter_config\.json/u);
    await refused(join(dir, 'nothing.onnx'), /does not exist/u);
  });

  it('an ONNX model with external data: the data file counted, or a note when it is missing', async () => {
    const sub = mkdtempSync(join(dir, 'ext-'));
    const model = tinyModel({
      nodes: [{ name: 'mm', opType: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
      inputs: [{ name: 'x', elemType: 1, shape: [1, 3] }],
      outputs: [{ name: 'y', elemType: 1, shape: [1, 2] }],
      initializers: [{ name: 'w', dims: [3, 2], values: [], location: 'weights.bin' }],
    });
    writeFileSync(join(sub, 'model.onnx'), model);
    const missing = await inspectModelFile(join(sub, 'model.onnx'));
    assert.deepEqual(missing.onnx?.externalData, ['weights.bin']);
    assert.match(missing.notes.join(' '), /External data file weights\.bin is missing/u);
    assert.equal(missing.tree.find((t) => t.path === 'w')?.bytes, 24);
    writeFileSync(join(sub, 'weights.bin'), Buffer.alloc(24));
    const found = await inspectModelFile(join(sub, 'model.onnx'));
    assert.equal(found.fileBytes, model.length + 24);
  });
});

describe('inspectModelFile: cancel, and a graph no analysis can run', () => {
  it('stops at once when cancelled', async () => {
    await assert.rejects(
      inspectModelFile(join(MODELS, 'lens-lm', 'onnx', 'model.onnx'), { signal: AbortSignal.abort() }),
      (error: Error & { code?: string }) => error.code === 'cancelled',
    );
  });

  it('offers no analysis for a graph without logits, and says what it exposes', async () => {
    const r = await inspectModelFile(join(FIXTURES, 'no-logits', 'model.onnx'));
    assert.equal(r.onnx?.exposed.logits, false);
    assert.deepEqual(r.routes, []);
  });
});

describe('the positional ONNX walk', () => {
  it('walks a 1.5 GB model reading a few kilobytes: weights are skipped by seeking', async () => {
    const path = join(dir, 'huge.onnx');
    const rows = 96_000;
    const cols = 4096;
    const raw = rows * cols * 4;
    const before = message([varintField(1, rows), varintField(1, cols), varintField(2, 1), bytesField(8, 'w')]);
    const rawHead = message([encodeVarint(9 * 8 + 2), encodeVarint(raw)]);
    const initLength = before.length + rawHead.length + raw;
    const initHead = message([encodeVarint(5 * 8 + 2), encodeVarint(initLength)]);
    const rest = message([
      bytesField(1, encodeNode({ name: '/layers.0/MatMul', opType: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] })),
      bytesField(11, encodeValueInfo({ name: 'x', elemType: 1, shape: ['batch', rows] })),
      bytesField(12, encodeValueInfo({ name: 'y', elemType: 1, shape: ['batch', cols] })),
    ]);
    const graphLength = initHead.length + initLength + rest.length;
    const start = message([
      varintField(1, 8),
      bytesField(8, message([varintField(2, 17)])),
      encodeVarint(7 * 8 + 2),
      encodeVarint(graphLength),
      initHead,
      before,
      rawHead,
    ]);
    const handle = await open(path, 'w');
    await handle.write(start, 0, start.length, 0);
    await handle.write(rest, 0, rest.length, start.length + raw);
    const { size } = await handle.stat();
    await handle.close();
    assert.ok(size > 1.5e9);
    const r = await inspectModelFile(path);
    assert.equal(r.params.total, rows * cols);
    assert.equal(r.tree.find((t) => t.path === 'w')?.bytes, raw);
    assert.deepEqual(r.onnx?.outputs, [{ name: 'y', dtype: 'float32', shape: ['batch', cols] }]);
    assert.deepEqual(
      r.onnx?.groups.map((g) => g.id),
      ['layers.0'],
    );
    const read = await open(path, 'r');
    const cursor = new FileCursor(read, size);
    await walkOnnx(cursor);
    await read.close();
    assert.ok(cursor.bytesRead < 1024 * 1024, `read ${cursor.bytesRead} bytes`);
  });
});
