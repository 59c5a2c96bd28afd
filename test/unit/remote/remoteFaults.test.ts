import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { analyseSurprisal } from '../../../src/core/analyses/surprisal/analyseSurprisal';
import { LensError } from '../../../src/core/errors';
import { loadModel } from '../../../src/core/model/loadModel';
import { loadRemoteModel, requestGroups, type RemoteOptions } from '../../../src/core/model/remote/remoteModel';
import { parseRemoteSpec } from '../../../src/core/model/remoteSpec';
import { resolveModel } from '../../../src/core/model/registry';
import type { CausalLM } from '../../../src/core/model/types';
import { startTestServer, type TestServer } from '../../remoteServer';
import { MODELS, quiet } from '../helpers';

const KEY = 'sk-test-5f1c9a0e7b';
let server: TestServer;

before(async () => {
  server = await startTestServer('lens-lm');
});
after(() => server.close());

/** Short back-off so the fault tests run in about a second each (the model runs in this process, hence 5 s). */
const FAST = { timeoutMs: 5000, retries: 3, backoffMs: 40 };
const TEXT = 'const total = items.reduce((sum, x) => sum + x, 0);\n'.repeat(8);

function open(options: Partial<RemoteOptions> = {}, spec = `openai:${server.url}#lens-lm`): Promise<CausalLM> {
  return loadRemoteModel(spec, { log: quiet, http: FAST, ...options });
}

const fails = (code: string, pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof LensError, String(e));
  assert.equal(e.code, code, e.message);
  assert.match(e.message, pattern);
  assert.equal(e.message.split('\n').length, 1);
  return true;
};

test('the key goes as a bearer header, and no log line or error carries it', async () => {
  server.switches.key = KEY;
  const lines: string[] = [];
  try {
    await assert.rejects(open(), fails('bad-input', /refused the API key \(HTTP 401\).*Set Remote Model API Key/u));
    server.switches.failures = [500];
    const lm = await open({ key: KEY, log: (_, m) => lines.push(m) });
    await analyseSurprisal(lm, TEXT);
    const auth = server.seen.filter((s) => s.authorization !== undefined).map((s) => s.authorization);
    assert.ok(auth.length > 0 && auth.every((a) => a === `Bearer ${KEY}`));
    assert.ok(
      lines.some((l) => /HTTP 500/u.test(l)),
      'the retry is logged',
    );
    assert.ok(lines.every((l) => !l.includes(KEY)));
    const wrong = await open({ key: 'sk-wrong' }).catch((e: unknown) => e);
    assert.ok(wrong instanceof LensError && !wrong.message.includes('sk-wrong'));
  } finally {
    server.switches.key = undefined;
    server.switches.failures = [];
  }
});

test('429, 500 and a dropped connection are retried with growing waits, then the run succeeds', async () => {
  const lm = await open();
  const before = server.seen.length;
  server.switches.failures = [429, 500];
  server.switches.drops = 1;
  const result = await analyseSurprisal(lm, TEXT);
  assert.ok(result.tokens.length > 0);
  const calls = server.seen.slice(before).filter((s) => s.path === '/v1/completions');
  assert.ok(calls.length >= 4, `${calls.length} completions requests`);
  const gaps = calls.slice(1, 4).map((c, i) => c.at - (calls[i]?.at ?? 0));
  assert.ok((gaps[0] ?? 0) >= 35 && (gaps[1] ?? 0) >= 75 && (gaps[2] ?? 0) >= 155, `waits ${gaps.join(', ')} ms`);
});

test('retries are bounded: a server that keeps failing gives a network error naming the status', async () => {
  const lm = await open();
  server.switches.failures = [503, 503, 503, 503, 503];
  try {
    await assert.rejects(analyseSurprisal(lm, TEXT), fails('network', /HTTP 503/u));
  } finally {
    server.switches.failures = [];
  }
});

test('a server slower than the time-out gives a timeout error after the retries', async () => {
  const lm = await open({ http: { ...FAST, timeoutMs: 400, retries: 1 } });
  server.switches.delayMs = 2000;
  try {
    await assert.rejects(analyseSurprisal(lm, TEXT), fails('timeout', /did not answer within 400 ms/u));
  } finally {
    server.switches.delayMs = 0;
  }
});

test('a cancel stops a run waiting on the server within 200 ms, and one waiting to retry', async () => {
  const lm = await open({ http: { timeoutMs: 60_000, retries: 3, backoffMs: 5000 } });
  for (const setup of [() => (server.switches.delayMs = 5000), () => (server.switches.failures = [500])]) {
    setup();
    const controller = new AbortController();
    const run = analyseSurprisal(lm, TEXT, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const t0 = performance.now();
    controller.abort();
    await assert.rejects(run, fails('cancelled', /cancelled/u));
    const ms = performance.now() - t0;
    assert.ok(ms < 200, `stopped ${ms.toFixed(0)} ms after the cancel`);
    server.switches.delayMs = 0;
    server.switches.failures = [];
  }
});

test('clear errors: unreachable server, model not served, no prompt log-probabilities, bad spec', async () => {
  const port = await freePort();
  await assert.rejects(
    open({}, `openai:http://127.0.0.1:${port}/v1#lens-lm`),
    fails('network', /could not be reached/u),
  );
  await assert.rejects(open({}, `openai:${server.url}#llama-70b`), fails('model-not-found', /serves: lens-lm/u));
  server.switches.promptLogprobs = false;
  server.switches.echo = false;
  try {
    const lm = await open();
    await assert.rejects(analyseSurprisal(lm, TEXT), fails('bad-model', /no log-probabilities for prompt tokens/u));
  } finally {
    server.switches.promptLogprobs = true;
    server.switches.echo = true;
  }
  assert.throws(() => parseRemoteSpec('openai:http://x:8000/v1'), fails('bad-input', /names no model/u));
  assert.throws(() => parseRemoteSpec('openai:ftp://x/v1#m'), fails('bad-input', /http:\/\/ or https:\/\//u));
  const spec = `openai:${server.url}#lens-lm`;
  assert.throws(
    () => resolveModel(spec, { modelsDir: MODELS, allowLocalFiles: false }),
    fails('untrusted', /restricted/u),
  );
});

test('a reply over the size limit is refused while it is read; requests keep to their token budget', async () => {
  const lm = await open({ http: { ...FAST, maxReplyBytes: 4096 } });
  await assert.rejects(analyseSurprisal(lm, TEXT), fails('network', /reply larger than 4096 bytes/u));
  const row = (n: number) => ({ ids: new Array<number>(n).fill(1), from: 1 });
  const sizes = (rows: number[]) => requestGroups(rows.map(row), 8).map((g) => g.map((r) => r.ids.length));
  assert.deepEqual(sizes([10, 10, 10]), [[10, 10, 10]]);
  assert.deepEqual(sizes([20_000, 20_000, 40_000, 5]), [[20_000], [20_000], [40_000], [5]]);
  assert.deepEqual(sizes(new Array<number>(10).fill(3)), [new Array<number>(8).fill(3), [3, 3]]);
});

test('analyses that need logits, attentions or hidden states refuse a remote model in one line', async () => {
  const lm = await loadModel(`openai:${server.url}#lens-lm`, { modelsDir: MODELS, device: 'cpu', log: quiet });
  await assert.rejects(lm.logits([[1, 2]]), fails('bad-model', /remote model.*not logits.*Run surprisal/u));
  assert.throws(() => lm.tokenizer.encode('x'), fails('bad-model', /remote model/u));
});

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
