import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { resolveModel } from '../../../src/core/model/registry';
import { deviceChain, withFallback } from '../../../src/core/model/devices';
import { FIXTURES, MODELS, quiet } from '../helpers';

const isCode = (code: string) => (e: unknown) => e instanceof LensError && e.code === code;

test('resolves the embedded model from the manifest', () => {
  const s = resolveModel('lens-lm', { modelsDir: MODELS });
  assert.equal(s.kind, 'embedded');
  assert.ok(s.kind === 'embedded' && s.onnx.endsWith(join('lens-lm', 'onnx', 'model.onnx')));
});

test('a hub id resolves to the hub; an unknown name is model-not-found', () => {
  assert.equal(resolveModel('Xenova/gpt2', { modelsDir: MODELS }).kind, 'hub');
  assert.throws(() => resolveModel('nope', { modelsDir: MODELS }), isCode('model-not-found'));
});

test('a path that is not ONNX is refused with bad-model', () => {
  assert.throws(() => resolveModel(join(FIXTURES, 'sample.ts'), { modelsDir: MODELS }), isCode('bad-model'));
});

test('restricted mode refuses local model files', () => {
  assert.throws(
    () => resolveModel(join(FIXTURES, 'no-logits'), { modelsDir: MODELS, allowLocalFiles: false }),
    isCode('untrusted'),
  );
  assert.equal(resolveModel('lens-lm', { modelsDir: MODELS, allowLocalFiles: false }).kind, 'embedded');
});

test('device chains always end with cpu', () => {
  assert.deepEqual(deviceChain('auto'), ['cuda', 'webgpu', 'cpu']);
  assert.deepEqual(deviceChain('webgpu'), ['webgpu', 'cpu']);
  assert.deepEqual(deviceChain('cpu'), ['cpu']);
});

test('withFallback logs a fallback once, in one short warn line; the full failures only at debug', async () => {
  const logged: { level: string; message: string }[] = [];
  const once = new Set<string>();
  const long = `no device\n${'stack line\n'.repeat(50)}`;
  const create = async (d: string): Promise<number> => {
    if (d !== 'cpu') throw new Error(d === 'cuda' ? long : `webgpu adapter missing ${'x'.repeat(200)}`);
    return 42;
  };
  const log = (level: string, message: string): void => void logged.push({ level, message });
  assert.deepEqual(await withFallback('auto', create, log, once), { value: 42, device: 'cpu' });
  assert.deepEqual(await withFallback('auto', create, log, once), { value: 42, device: 'cpu' });
  const warns = logged.filter((l) => l.level === 'warn');
  assert.equal(warns.length, 1, 'one warn line for two loads in one session');
  assert.ok(!warns[0]!.message.includes('\n'), 'the warn line is one line');
  assert.match(warns[0]!.message, /^Running on cpu: cuda: no device; webgpu: webgpu adapter missing x+… \(full/u);
  assert.ok(warns[0]!.message.length < 250, `warn line of ${warns[0]!.message.length} characters`);
  assert.equal(logged.filter((l) => l.level === 'debug').length, 4, 'each failure in full at debug, every load');
  assert.ok(logged.some((l) => l.level === 'debug' && l.message.includes('stack line\nstack line')));
  assert.equal(logged.filter((l) => l.level === 'error').length, 0);
});

test('withFallback logs nothing when the first device works', async () => {
  const logged: string[] = [];
  const r = await withFallback(
    'auto',
    async () => 1,
    (_l, m) => logged.push(m),
    new Set(),
  );
  assert.deepEqual(r, { value: 1, device: 'cuda' });
  assert.deepEqual(logged, []);
});

test('withFallback stops at a model problem instead of trying other devices', async () => {
  const tried: string[] = [];
  await assert.rejects(
    withFallback(
      'auto',
      async (d) => {
        tried.push(d);
        throw new LensError('network', 'offline');
      },
      quiet,
    ),
    isCode('network'),
  );
  assert.deepEqual(tried, ['cuda']);
});
