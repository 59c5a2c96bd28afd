import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { loadModel } from '../../../src/core/model/loadModel';
import { FIXTURES, MODELS, quiet } from '../helpers';

const isCode = (code: string) => (e: unknown) => e instanceof LensError && e.code === code;
const opts = { modelsDir: MODELS, device: 'cpu' as const, log: quiet };

test('an ONNX model without a logits output is refused with missing-output', async () => {
  await assert.rejects(
    loadModel(join(FIXTURES, 'no-logits'), opts),
    (e) => isCode('missing-output')(e) && /logits/u.test(String(e)),
  );
});

test('a file that is not an ONNX protobuf is refused with bad-model', async () => {
  await assert.rejects(loadModel(join(FIXTURES, 'bad-onnx'), opts), isCode('bad-model'));
});

test('a hub id without network fails with a network error that says what to do', async () => {
  process.env['MODEL_LENS_CACHE'] = mkdtempSync(join(tmpdir(), 'lens-hub-'));
  process.env['MODEL_LENS_HUB_HOST'] = 'http://127.0.0.1:9/'; // nothing listens there: as offline as it gets
  await assert.rejects(
    loadModel('Xenova/gpt2', opts),
    (e) => isCode('network')(e) && /local ONNX folder/u.test(String(e)),
  );
});

test('the embedded model loads on cpu and reports its device', async () => {
  const lm = await loadModel('lens-lm', { ...opts, device: 'auto' });
  assert.equal(lm.device, 'cpu');
  assert.equal(lm.context, 1024, 'lens-lm reads 1,024 bytes');
  assert.equal(lm.bosId, 256);
  await lm.dispose();
});
