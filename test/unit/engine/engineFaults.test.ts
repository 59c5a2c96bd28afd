/**
 * Fault tests of the engine process (dist/engine.js): killed, stopped and continued, sent malformed and
 * oversized messages, pinged during a long job, cancelled and timed out. No wall-clock limit is asserted;
 * cancel latency is measured by bench/cancel.bench.ts.
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { LensError } from '../../../src/core/errors';
import { EngineClient } from '../../../src/host/engineClient';
import type { FromEngine } from '../../../src/shared/messages';
import { pingRequest } from '../../../src/shared/ping';
import { ensureBuilt, ROOT } from '../helpers';

const ENGINE = join(ROOT, 'dist', 'engine.js');
const isCode = (code: string) => (e: unknown) => e instanceof LensError && e.code === code;
const clients: EngineClient[] = [];
const children: ChildProcess[] = [];

function client(options: ConstructorParameters<typeof EngineClient>[3] = {}): EngineClient {
  const c = new EngineClient(ENGINE, () => undefined, process.env, options);
  clients.push(c);
  return c;
}

/** CPU time (user + system, ms) a process has used, from /proc; undefined where there is no /proc. */
function cpuMs(pid: number): number | undefined {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return undefined;
  const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Asserts the engine computes nothing over half a second (skipped without /proc). */
async function assertIdle(pid: number): Promise<void> {
  await delay(100);
  const start = cpuMs(pid);
  await delay(500);
  const end = cpuMs(pid);
  if (start === undefined || end === undefined) return;
  assert.ok(end - start < 150, `the engine used ${end - start} ms of CPU after the request stopped`);
}

/** A raw engine process and the replies it sends, for messages the client would never send. */
function rawEngine(env: NodeJS.ProcessEnv = {}): { child: ChildProcess; replies: FromEngine[] } {
  const child = fork(ENGINE, [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'advanced',
  });
  children.push(child);
  const replies: FromEngine[] = [];
  child.on('message', (m: FromEngine) => replies.push(m));
  return { child, replies };
}

async function replyTo(replies: FromEngine[], id: number): Promise<FromEngine> {
  for (;;) {
    const reply = replies.find((r) => r.type !== 'log' && r.type !== 'progress' && r.inReplyTo === id);
    if (reply !== undefined) return reply;
    await delay(20);
  }
}

before(() => ensureBuilt());
after(() => {
  for (const c of clients) c.dispose();
  for (const c of children) c.kill('SIGKILL');
});

test('killing the engine during a long job fails it cleanly; the next request starts a new engine', async () => {
  const c = client();
  const first = (await c.request(pingRequest, { delayMs: 0 })).pid;
  const job = c.request(pingRequest, { delayMs: 0, busyMs: 30_000 });
  await delay(200);
  process.kill(first, 'SIGKILL');
  await assert.rejects(job, isCode('engine-died'));
  assert.notEqual((await c.request(pingRequest, { delayMs: 0 })).pid, first);
});

test('an engine stopped (SIGSTOP) and continued (SIGCONT) resumes and answers', async () => {
  const c = client();
  const pid = (await c.request(pingRequest, { delayMs: 0 })).pid;
  const during = c.request(pingRequest, { delayMs: 300 });
  process.kill(pid, 'SIGSTOP');
  const queued = c.request(pingRequest, { delayMs: 0 });
  await delay(800);
  process.kill(pid, 'SIGCONT');
  assert.equal((await during).pid, pid);
  assert.equal((await queued).pid, pid);
});

test('malformed messages get a clean error reply when they name an id, and the engine stays up', async () => {
  const { child, replies } = rawEngine();
  const malformed: unknown[] = [
    'text',
    null,
    { type: 'bogus', id: 1 },
    { type: 'request', id: 2 },
    { type: 'request', id: -3, kind: 'ping', params: { delayMs: 0 } },
    { type: 'request', id: 4, kind: 'ping', params: { delayMs: -1 } },
    { type: 'request', id: 5, kind: 'ping', params: { delayMs: 0, busyMs: Number.NaN } },
    { type: 'request', id: 6, kind: 'x'.repeat(100_000), params: {} },
    { type: 'cancel', id: 1.5 },
  ];
  for (const m of malformed) child.send(m as never);
  child.send({ type: 'request', id: 9, kind: 'ping', params: { delayMs: 0 } });
  const ok = await replyTo(replies, 9);
  assert.equal(ok.type, 'result');
  for (const id of [1, 2, 4, 5, 6]) {
    const r = await replyTo(replies, id);
    assert.equal(r.type, 'error', `message ${id}`);
    if (r.type !== 'error') continue;
    assert.equal(r.error.code, id >= 4 && id <= 5 ? 'bad-input' : 'internal', r.error.message);
    assert.ok(r.error.message.length < 400, r.error.message);
  }
  assert.ok(!replies.some((r) => r.type !== 'log' && r.inReplyTo === 3));
  assert.equal(child.exitCode, null);
});

test('an oversized message is refused with too-long, and the engine stays up', async () => {
  const { child, replies } = rawEngine({ MODEL_LENS_MAX_MESSAGE_MB: '1' });
  const big = 'x'.repeat(2 * 1024 * 1024);
  child.send({ type: 'request', id: 1, kind: 'surprisal', params: { text: big } });
  child.send({ type: 'request', id: 2, kind: 'ping', params: { delayMs: 0, filler: [big] } });
  child.send({ type: 'request', id: 3, kind: 'ping', params: { delayMs: 0 } });
  for (const id of [1, 2]) {
    const r = await replyTo(replies, id);
    assert.ok(r.type === 'error' && r.error.code === 'too-long', JSON.stringify(r).slice(0, 300));
    assert.match(r.type === 'error' ? r.error.message : '', /1 MB limit.*MODEL_LENS_MAX_MESSAGE_MB/u);
  }
  assert.equal((await replyTo(replies, 3)).type, 'result');
  const c = client({ maxMessageBytes: 1024 * 1024 });
  await assert.rejects(c.request(pingRequest, { delayMs: 0, filler: big } as never), isCode('too-long'));
  assert.equal(c.pid, undefined, 'nothing was sent: no engine was started');
});

test('the engine answers a ping while a long job runs', async () => {
  const c = client();
  const controller = new AbortController();
  let settled = false;
  const job = c.request(pingRequest, { delayMs: 0, busyMs: 60_000 }, { signal: controller.signal });
  void job.catch(() => undefined).finally(() => (settled = true));
  await delay(300);
  const pong = await c.request(pingRequest, { delayMs: 0 });
  assert.equal(pong.pid, c.pid);
  assert.equal(settled, false, 'the long job is still running');
  controller.abort();
  await assert.rejects(job, isCode('cancelled'));
});

test('after a cancel the engine stops computing and stays up', async () => {
  const c = client();
  const pid = (await c.request(pingRequest, { delayMs: 0 })).pid;
  const controller = new AbortController();
  const job = c.request(pingRequest, { delayMs: 0, busyMs: 60_000 }, { signal: controller.signal });
  await delay(300);
  controller.abort();
  await assert.rejects(job, isCode('cancelled'));
  await assertIdle(pid);
  assert.equal((await c.request(pingRequest, { delayMs: 0 })).pid, pid);
});

test('after a host time-out the engine is told to cancel and stops computing', async () => {
  const c = client();
  const pid = (await c.request(pingRequest, { delayMs: 0 })).pid;
  await assert.rejects(c.request(pingRequest, { delayMs: 0, busyMs: 60_000 }, { timeoutMs: 300 }), isCode('timeout'));
  await assertIdle(pid);
  assert.equal((await c.request(pingRequest, { delayMs: 0 })).pid, pid);
});

test('an engine that does not answer a cancel within the grace period is killed and replaced', async () => {
  const c = client({ cancelGraceMs: 300 });
  const pid = (await c.request(pingRequest, { delayMs: 0 })).pid;
  const controller = new AbortController();
  const job = c.request(pingRequest, { delayMs: 0, busyMs: 60_000 }, { signal: controller.signal });
  await delay(200);
  process.kill(pid, 'SIGSTOP');
  controller.abort();
  await assert.rejects(job, isCode('cancelled'));
  assert.notEqual((await c.request(pingRequest, { delayMs: 0 })).pid, pid);
});
