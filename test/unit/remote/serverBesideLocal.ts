/**
 * @file The set-up the remote tests share: the loopback test server over lens-lm, and lens-lm loaded locally to
 * compare with, started before a file's tests and closed after them.
 */
import { after, before } from 'node:test';
import { loadModel } from '../../../src/core/model/loadModel';
import type { CausalLM } from '../../../src/core/model/types';
import { startTestServer, type TestServer } from '../../remoteServer';
import { MODELS, quiet } from '../helpers';

/** The server and the local model, set once the file's `before` hook has run. */
export interface ServerBesideLocal {
  server: TestServer;
  local: CausalLM;
}

/** Registers the hooks that start and close the pair; read its fields inside tests. */
export function serverBesideLocal(): ServerBesideLocal {
  const pair = {} as ServerBesideLocal;
  before(async () => {
    pair.server = await startTestServer('lens-lm');
    pair.local = await loadModel('lens-lm', { modelsDir: MODELS, device: 'cpu', log: quiet });
  });
  after(async () => {
    await pair.local.dispose();
    await pair.server.close();
  });
  return pair;
}
