import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type * as vscode from 'vscode';
import { loadModel } from '../../../src/core/model/loadModel';
import { engineEnv, originOf, refreshKey, secretName } from '../../../src/host/remote/keyEnv';
import { startTestServer, type TestServer } from '../../remoteServer';
import { MODELS, quiet } from '../helpers';

/** Secret storage holding `values`, for `refreshKey` (which only reads). */
const secrets = (values: Record<string, string>) =>
  ({ get: async (k: string) => values[k] }) as Pick<vscode.SecretStorage, 'get'>;

let server: TestServer;
before(async () => {
  server = await startTestServer('lens-lm', { key: 'sk-right' });
});
after(() => server.close());

test('the engine starts with the key of the server the model setting names, and only then', async () => {
  const spec = 'openai:http://gpu-box:8000/v1#m';
  assert.equal(originOf(spec), 'http://gpu-box:8000');
  assert.equal(originOf('lens-lm'), undefined);
  const store = secrets({ [secretName('http://gpu-box:8000')]: 'sk-1' });
  assert.equal(await refreshKey(store, spec), true, 'a new key restarts the engine');
  assert.deepEqual(
    [engineEnv()['MODEL_LENS_API_KEY'], engineEnv()['MODEL_LENS_API_KEY_ORIGIN']],
    ['sk-1', 'http://gpu-box:8000'],
  );
  assert.equal(await refreshKey(store, spec), false, 'the same key keeps the engine');
  assert.equal(await refreshKey(store, 'lens-lm'), true);
  assert.equal(engineEnv()['MODEL_LENS_API_KEY_ORIGIN'], undefined);
});

test('the engine sends a key handed to it for one server to that server only', async () => {
  const spec = `openai:${server.url}#lens-lm`;
  const saved = { ...process.env };
  try {
    process.env['MODEL_LENS_API_KEY'] = 'sk-right';
    process.env['MODEL_LENS_API_KEY_ORIGIN'] = 'http://elsewhere:8000';
    await assert.rejects(loadModel(spec, { modelsDir: MODELS, device: 'cpu', log: quiet }), /HTTP 401/u);
    assert.ok(server.seen.every((s) => s.authorization === undefined));
    process.env['MODEL_LENS_API_KEY_ORIGIN'] = new URL(server.url).origin;
    const lm = await loadModel(spec, { modelsDir: MODELS, device: 'cpu', log: quiet });
    assert.equal(lm.context, 1024, "the server's window: lens-lm's");
  } finally {
    process.env = saved;
  }
});
