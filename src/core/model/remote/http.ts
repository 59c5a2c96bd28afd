/**
 * @file JSON over HTTP to a model server: a time-out per attempt, retries with exponential back-off on 429, 5xx,
 * time-outs and network errors (a bounded number, honouring `Retry-After`), and a cancel that aborts the request in
 * flight or the wait between attempts at once. The key goes in the `Authorization` header only: no message, log line
 * or error ever carries it.
 */
import { LensError, throwIfCancelled } from '../../errors';
import type { LogFn } from '../types';

/** How requests to the server are made. */
export interface HttpPolicy {
  /** Bearer key, if the server wants one. */
  readonly key?: string;
  /** Time one attempt may take. */
  readonly timeoutMs: number;
  /** Attempts after the first, for errors worth retrying. */
  readonly retries: number;
  /** Wait before the first retry; doubled for each next one. */
  readonly backoffMs: number;
  /** Largest reply read, in bytes. @default {@link MAX_REPLY_BYTES} */
  readonly maxReplyBytes?: number;
  readonly log?: LogFn;
}

/** Defaults: 60 s an attempt, 4 retries from 500 ms (0.5, 1, 2, 4 s). */
export const DEFAULT_HTTP: HttpPolicy = { timeoutMs: 60_000, retries: 4, backoffMs: 500 };

/** Longest wait a `Retry-After` header may ask for. */
const MAX_RETRY_AFTER_MS = 30_000;
/** Largest reply read (a completions reply of 32,768 prompt tokens with top-5 is about 12 MB). */
export const MAX_REPLY_BYTES = 256 * 1024 * 1024;

/** A reply the server refused with a status the caller may explain better (404: model or endpoint missing). */
export class HttpStatusError extends LensError {
  /** An error for `status`, with the server's own words in `detail`. */
  constructor(
    readonly status: number,
    readonly detail: string,
    message: string,
  ) {
    super(status === 401 || status === 403 ? 'bad-input' : 'network', message);
  }
}

/** GETs (no body) or POSTs `body` as JSON to `url` and returns the parsed JSON reply. */
export async function callJson(url: string, body: unknown, policy: HttpPolicy, signal?: AbortSignal): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    throwIfCancelled(signal);
    const outcome = await attemptOnce(url, body, policy, signal);
    if (outcome.ok) return outcome.value;
    if (!outcome.retry || attempt >= policy.retries) throw outcome.error;
    const wait = outcome.waitMs ?? policy.backoffMs * 2 ** attempt;
    policy.log?.(
      'warn',
      `${host(url)}: ${outcome.error.message} Retrying in ${wait} ms (${attempt + 1} of ${policy.retries}).`,
    );
    await sleep(wait, signal);
  }
}

type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly retry: boolean; readonly error: LensError; readonly waitMs?: number };

async function attemptOnce(url: string, body: unknown, policy: HttpPolicy, signal?: AbortSignal): Promise<Outcome> {
  const timeout = AbortSignal.timeout(policy.timeoutMs);
  const both = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  let response: Response;
  try {
    response = await fetch(url, { ...requestInit(body, policy.key), signal: both });
    if (response.ok) return { ok: true, value: await readJson(response, url, policy.maxReplyBytes ?? MAX_REPLY_BYTES) };
  } catch (error) {
    throwIfCancelled(signal);
    if (error instanceof LensError) return { ok: false, retry: false, error };
    const timedOut = timeout.aborted;
    const why = timedOut ? `did not answer within ${policy.timeoutMs} ms` : `could not be reached (${reason(error)})`;
    const fix = timedOut ? 'Check that the server is not overloaded, or raise its capacity.' : unreachableFix(url);
    return {
      ok: false,
      retry: true,
      error: new LensError(timedOut ? 'timeout' : 'network', `${host(url)} ${why}. ${fix}`),
    };
  }
  return refused(response, url);
}

function requestInit(body: unknown, key: string | undefined): RequestInit {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key !== undefined && key !== '') headers['authorization'] = `Bearer ${key}`;
  if (body === undefined) return { method: 'GET', headers };
  return { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

async function refused(response: Response, url: string): Promise<Outcome> {
  const detail = (await response.text().catch(() => '')).replace(/\s+/gu, ' ').slice(0, 200);
  const status = response.status;
  if (status === 401 || status === 403) {
    const message =
      `${host(url)} refused the API key (HTTP ${status}). Set the right key with "Model Lens: Set Remote Model API ` +
      'Key" (the CLI reads MODEL_LENS_API_KEY).';
    return { ok: false, retry: false, error: new HttpStatusError(status, detail, message) };
  }
  const retry = status === 429 || status >= 500;
  const message = `${host(url)} answered HTTP ${status}${detail === '' ? '' : ` (${detail})`}.`;
  const waitMs = retryAfterMs(response.headers.get('retry-after'));
  return {
    ok: false,
    retry,
    error: new HttpStatusError(status, detail, message),
    ...(waitMs !== undefined ? { waitMs } : {}),
  };
}

async function readJson(response: Response, url: string, limit: number): Promise<unknown> {
  const text = await readLimited(response, url, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LensError('network', `${host(url)} sent a reply that is not JSON. Check that the URL is the API's base.`);
  }
}

/** The reply's text, read chunk by chunk and refused as soon as it passes `limit` bytes. */
async function readLimited(response: Response, url: string, limit: number): Promise<string> {
  const tooLarge = (): LensError =>
    new LensError(
      'network',
      `${host(url)} sent a reply larger than ${limit} bytes; Model Lens reads no more. Score a shorter text.`,
    );
  if (Number(response.headers.get('content-length') ?? '0') > limit) throw tooLarge();
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Seconds of a `Retry-After` header in ms, capped; undefined when absent or not a number of seconds. */
function retryAfterMs(header: string | null): number | undefined {
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : undefined;
}

function unreachableFix(url: string): string {
  const origin = new URL(url).origin;
  return `Check that the server runs and that ${origin} is the right address (an SSH tunnel may be needed).`;
}

function host(url: string): string {
  return `The model server at ${new URL(url).origin}`;
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** Resolves after `ms`, or throws `cancelled` as soon as `signal` fires. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    };
    const stop = (): void => {
      done();
      reject(new LensError('cancelled', 'The run was cancelled. Nothing was changed.'));
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    if (signal?.aborted === true) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}
