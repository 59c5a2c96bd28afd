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

test('withFallback logs each failure and returns the first device that works', async () => {
  const logged: string[] = [];
  const r = await withFallback(
    'auto',
    async (d) => {
      if (d !== 'cpu') throw new Error(`no ${d}`);
      return 42;
    },
    (_l, m) => logged.push(m),
  );
  assert.deepEqual(r, { value: 42, device: 'cpu' });
  assert.equal(logged.filter((m) => /unavailable/u.test(m)).length, 2);
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
