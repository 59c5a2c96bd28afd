import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { EngineClient } from '../../../src/host/engineClient';
import { pingRequest } from '../../../src/shared/ping';
import { surprisalRequest } from '../../../src/shared/surprisal';
import { ensureBuilt, FIXTURES, ROOT } from '../helpers';

let client: EngineClient;
const logs: string[] = [];
const isCode = (code: string) => (e: unknown) => e instanceof LensError && e.code === code;

before(() => {
  ensureBuilt();
  client = new EngineClient(join(ROOT, 'dist', 'engine.js'), (_level, message) => logs.push(message));
});
after(() => client.dispose());

test('answers a request from a forked engine process', async () => {
  const r = await client.request(pingRequest, { delayMs: 0 });
  assert.equal(r.pid, client.pid);
  assert.notEqual(r.pid, process.pid);
});

test('killing the engine mid-request fails it with engine-died; the next request starts a new engine', async () => {
  const first = (await client.request(pingRequest, { delayMs: 0 })).pid;
  const slow = client.request(pingRequest, { delayMs: 30_000 });
  setTimeout(() => process.kill(first, 'SIGKILL'), 200);
  await assert.rejects(slow, (e) => isCode('engine-died')(e) && /restarts on the next request/u.test(String(e)));
  const second = (await client.request(pingRequest, { delayMs: 0 })).pid;
  assert.notEqual(second, first);
  assert.ok(logs.some((l) => /stopped \(signal SIGKILL\)/u.test(l)));
});

test('cancelling a request fails it with cancelled and leaves the engine running', async () => {
  const pid = (await client.request(pingRequest, { delayMs: 0 })).pid;
  const controller = new AbortController();
  const slow = client.request(pingRequest, { delayMs: 30_000 }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(slow, isCode('cancelled'));
  assert.equal((await client.request(pingRequest, { delayMs: 0 })).pid, pid);
});

test('the engine runs surprisal and reports errors with codes', async () => {
  const text = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');
  const params = { text, offset: 0, maxTokens: 16384, model: 'lens-lm', device: 'cpu' as const, allowLocalFiles: true };
  const progress: number[] = [];
  const r = await client.request(surprisalRequest, params, { onProgress: (f) => progress.push(f) });
  assert.equal(r.device, 'cpu');
  assert.equal(r.tokens.length, Buffer.byteLength(text));
  assert.ok(progress.length > 0);
  await assert.rejects(client.request(surprisalRequest, { ...params, text: '' }), isCode('empty-input'));
  await assert.rejects(
    client.request(surprisalRequest, { ...params, model: join(FIXTURES, 'no-logits') }),
    isCode('missing-output'),
  );
  await assert.rejects(
    client.request(surprisalRequest, { ...params, model: join(FIXTURES, 'no-logits'), allowLocalFiles: false }),
    isCode('untrusted'),
  );
});

test('a restart is logged at info, not error; its pending request fails as cancelled; the next one runs', async () => {
  const lines: { level: string; message: string }[] = [];
  const own = new EngineClient(join(ROOT, 'dist', 'engine.js'), (level, message) => lines.push({ level, message }));
  try {
    const first = (await own.request(pingRequest, { delayMs: 0 })).pid;
    const slow = own.request(pingRequest, { delayMs: 30_000 });
    setTimeout(() => own.restart(), 100);
    await assert.rejects(slow, (e) => isCode('cancelled')(e) && /restarted/u.test(String(e)));
    const second = (await own.request(pingRequest, { delayMs: 0 })).pid;
    assert.notEqual(second, first);
    const stop = lines.find((l) => l.message.startsWith(`Engine ${first} stopped`));
    assert.deepEqual(stop?.level, 'info', JSON.stringify(stop));
    assert.match(stop?.message ?? '', /restart requested/u);
    assert.deepEqual(
      lines.filter((l) => l.level === 'error'),
      [],
    );
  } finally {
    own.dispose();
  }
});

test('a request sent to a new engine is not failed when the old engine exits late', async () => {
  const own = new EngineClient(join(ROOT, 'dist', 'engine.js'), () => undefined);
  try {
    await own.request(pingRequest, { delayMs: 0 });
    own.restart();
    const r = await own.request(pingRequest, { delayMs: 300 });
    assert.equal(r.pid, own.pid);
  } finally {
    own.dispose();
  }
});
