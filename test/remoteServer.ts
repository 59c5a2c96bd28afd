/**
 * @file A loopback test server for the remote backend (a test server, not vLLM): it speaks the request and reply
 * shapes vLLM documents for its OpenAI-compatible API over an embedded zoo model run with the project's own
 * onnxruntime code. `GET /v1/models` (with `max_model_len`), `POST /v1/completions` with `prompt_logprobs` and with
 * `echo` + `logprobs` (prompts as text or token ids, several per request), `POST /tokenize` (with
 * `return_token_strs`), an optional bearer-key check, and switches that make the next requests fail (429, 500), wait
 * or drop the connection, so tests can check retries, back-off, time-outs and cancels.
 *
 * Run alone: `node --import tsx test/remoteServer.ts [model]` prints the address it listens on; the environment
 * variable `MODEL_LENS_TEST_SERVER_KEY`, when set, is the key it asks for.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Tokenizer } from '@huggingface/tokenizers';
import { loadModel } from '../src/core/model/loadModel';
import { readManifest } from '../src/core/model/manifest';
import type { CausalLM } from '../src/core/model/types';

/** What the server supports and how it misbehaves; tests change these between requests. */
export interface ServerSwitches {
  /** Bearer key every request must carry; undefined: none asked. */
  key?: string | undefined;
  /** Honour `prompt_logprobs` (vLLM's extra parameter); false: ignore it, as servers without it do. */
  promptLogprobs: boolean;
  /** Honour `echo` with log-probabilities of the prompt; false: log-probabilities of generated tokens only. */
  echo: boolean;
  /** Statuses the next completions requests answer, one each (429, 500…), before any is served. */
  failures: number[];
  /** Completions requests whose connection is destroyed without a reply, before any is served. */
  drops: number;
  /** Wait before answering each completions request. */
  delayMs: number;
}

/** A request the server saw. */
export interface SeenRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly at: number;
  readonly body: Record<string, unknown>;
}

/** A running loopback server. */
export interface TestServer {
  /** Base of the API, `http://127.0.0.1:<port>/v1`. */
  readonly url: string;
  readonly switches: ServerSwitches;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

interface Served {
  readonly name: string;
  readonly lm: CausalLM;
  readonly tok: Tokenizer;
  readonly bosId: number | undefined;
}

const MODELS = join(__dirname, '..', 'media', 'models');

/** Starts the server on 127.0.0.1 with a random port, serving embedded model `name`. */
export async function startTestServer(name = 'lens-lm', switches: Partial<ServerSwitches> = {}): Promise<TestServer> {
  const lm = await loadModel(name, { modelsDir: MODELS, device: 'cpu', log: () => undefined });
  const entry = readManifest(MODELS).find((m) => m.name === name);
  if (entry === undefined) throw new Error(`no embedded model ${name}`);
  const dir = join(MODELS, entry.dir);
  const json = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as object;
  const served: Served = { name, lm, tok: new Tokenizer(json, {}), bosId: lm.bosId };
  const state: ServerSwitches = { promptLogprobs: true, echo: true, failures: [], drops: 0, delayMs: 0, ...switches };
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    void handle(served, state, seen, req, res).catch((error: unknown) => {
      send(res, 500, { error: { message: error instanceof Error ? error.message : String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/v1`, switches: state, seen, close: () => closeServer(server, lm) };
}

async function closeServer(server: Server, lm: CausalLM): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await lm.dispose();
}

async function handle(
  served: Served,
  state: ServerSwitches,
  seen: SeenRequest[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = req.method === 'POST' ? await readBody(req) : {};
  const path = (req.url ?? '').split('?')[0] ?? '';
  seen.push({ path, authorization: req.headers.authorization, at: performance.now(), body });
  if (state.key !== undefined && req.headers.authorization !== `Bearer ${state.key}`) {
    send(res, 401, { error: { message: 'Invalid API key', type: 'invalid_request_error', code: 401 } });
    return;
  }
  if (path === '/v1/models') {
    const data = [{ id: served.name, object: 'model', owned_by: 'test', max_model_len: served.lm.context + 1 }];
    send(res, 200, { object: 'list', data });
    return;
  }
  if (path === '/tokenize') {
    send(res, 200, tokenize(served, body));
    return;
  }
  if (path !== '/v1/completions') {
    send(res, 404, { detail: 'Not Found' });
    return;
  }
  if (body['model'] !== served.name) {
    send(res, 404, { error: { message: `The model \`${String(body['model'])}\` does not exist.`, code: 404 } });
    return;
  }
  await misbehave(state, res);
  if (res.writableEnded || res.destroyed) return;
  send(res, 200, await complete(served, state, body));
}

/** Applies the switches: a drop, a failure status, or a wait. Leaves `res` ended when it answered. */
async function misbehave(state: ServerSwitches, res: ServerResponse): Promise<void> {
  if (state.drops > 0) {
    state.drops--;
    res.socket?.destroy();
    return;
  }
  const status = state.failures.shift();
  if (status !== undefined) {
    send(res, status, { error: { message: status === 429 ? 'Too many requests' : 'Internal error', code: status } });
    return;
  }
  if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
}

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Ids of `text`, with the model's BOS first when `special` (vLLM's `add_special_tokens`). */
function encode(served: Served, text: string, special: boolean): number[] {
  const ids = served.tok.encode(text, { add_special_tokens: false }).ids;
  return special && served.bosId !== undefined ? [served.bosId, ...ids] : ids;
}

function tokenize(served: Served, body: Record<string, unknown>): object {
  const ids = encode(served, String(body['prompt'] ?? ''), body['add_special_tokens'] !== false);
  const strs = body['return_token_strs'] === true ? { token_strs: ids.map((id) => served.tok.id_to_token(id)) } : {};
  return { count: ids.length, max_model_len: served.lm.context + 1, tokens: ids, ...strs };
}

/** The prompts of a request as ids: text (tokenized with BOS, as vLLM does), ids, or a list of either. */
function promptsOf(served: Served, prompt: unknown): number[][] {
  const one = (p: unknown): number[] => (typeof p === 'string' ? encode(served, p, true) : (p as number[]));
  if (typeof prompt === 'string') return [one(prompt)];
  if (Array.isArray(prompt) && prompt.length > 0 && typeof prompt[0] === 'number') return [prompt as number[]];
  return (prompt as unknown[]).map(one);
}

/** Log-probabilities of one logits row, and its ids from most to least probable. */
function logSoftmax(data: Float32Array, offset: number, vocab: number): { lp: Float64Array; order: number[] } {
  let max = -Infinity;
  for (let v = 0; v < vocab; v++) max = Math.max(max, data[offset + v] ?? -Infinity);
  let sum = 0;
  for (let v = 0; v < vocab; v++) sum += Math.exp((data[offset + v] ?? 0) - max);
  const logZ = max + Math.log(sum);
  const lp = Float64Array.from({ length: vocab }, (_, v) => (data[offset + v] ?? 0) - logZ);
  const order = Array.from({ length: vocab }, (_, v) => v).sort((a, b) => (lp[b] ?? 0) - (lp[a] ?? 0));
  return { lp, order };
}

async function complete(served: Served, state: ServerSwitches, body: Record<string, unknown>): Promise<object> {
  const prompts = promptsOf(served, body['prompt']);
  const batch = await served.lm.logits(prompts);
  const k = typeof body['logprobs'] === 'number' ? body['logprobs'] : undefined;
  const pk = typeof body['prompt_logprobs'] === 'number' && state.promptLogprobs ? body['prompt_logprobs'] : undefined;
  const choices = prompts.map((ids, b) => {
    const rows = ids.map((_, t) => logSoftmax(batch.data, (b * batch.length + t) * batch.vocab, batch.vocab));
    const next = rows[ids.length - 1]?.order[0] ?? 0;
    const echo = body['echo'] === true && state.echo;
    return {
      index: b,
      text: (echo ? served.lm.tokenizer.decode(ids) : '') + served.lm.tokenizer.decode([next]),
      logprobs: k === undefined ? null : echoLogprobs(served, ids, rows, next, k, echo),
      finish_reason: 'length',
      ...(pk === undefined ? {} : { prompt_logprobs: promptLogprobs(served, ids, rows, pk), prompt_token_ids: ids }),
    };
  });
  return { id: 'cmpl-test', object: 'text_completion', model: served.name, choices };
}

type Row = { lp: Float64Array; order: number[] };

/** vLLM's `prompt_logprobs`: null first, then id → {logprob, rank, decoded_token} for the top k and the actual. */
function promptLogprobs(served: Served, ids: number[], rows: Row[], k: number): (object | null)[] {
  return ids.map((id, t) => {
    const row = rows[t - 1];
    if (row === undefined) return null;
    const entry: Record<string, object> = {};
    for (const v of [...row.order.slice(0, k), id]) {
      const rank = row.order.indexOf(v) + 1;
      entry[String(v)] = { logprob: row.lp[v], rank, decoded_token: served.lm.tokenizer.decode([v]) };
    }
    return entry;
  });
}

/** The completions `logprobs` object: prompt tokens (when echoed) then the generated one. */
function echoLogprobs(served: Served, ids: number[], rows: Row[], next: number, k: number, echo: boolean): object {
  const text = (id: number): string => served.lm.tokenizer.decode([id]);
  const top = (row: Row): Record<string, number> =>
    Object.fromEntries(row.order.slice(0, k).map((v) => [text(v), row.lp[v] ?? 0]));
  const last = rows[ids.length - 1] as Row;
  const tokens = [...(echo ? ids : []), next];
  const lps = [...(echo ? ids.map((id, t) => (t === 0 ? null : (rows[t - 1]?.lp[id] ?? 0))) : []), last.lp[next]];
  const tops = [...(echo ? ids.map((_, t) => (t === 0 ? null : top(rows[t - 1] as Row))) : []), top(last)];
  let offset = 0;
  const offsets = tokens.map((id) => {
    const at = offset;
    offset += text(id).length;
    return at;
  });
  return { tokens: tokens.map(text), token_logprobs: lps, top_logprobs: tops, text_offset: offsets };
}

if (require.main === module) {
  const key = process.env['MODEL_LENS_TEST_SERVER_KEY'];
  void startTestServer(process.argv[2] ?? 'lens-lm', key === undefined ? {} : { key }).then((s) => {
    console.log(`Test server at ${s.url}`);
    process.on('SIGTERM', () => void s.close().then(() => process.exit(0)));
  });
}
