/**
 * @file The engine process. The extension host forks it and talks to it over Node IPC with the
 * messages of src/shared/messages.ts. It alone loads onnxruntime, so a native crash here never
 * takes the extension host down. Every message is checked by type and value: a malformed or
 * oversized one gets an error reply (when it names a request id) and the engine carries on. Jobs
 * run concurrently with the message handler, so a ping or a cancel is answered while a job runs
 * (as long as its loops yield).
 */
import { modelsDir } from '../core/paths';
import { toErrorInfo } from '../core/errors';
import {
  describeRefused,
  idOf,
  maxMessageBytes,
  messageSize,
  ToEngineSchema,
  type ErrorInfo,
  type FromEngine,
  type LogLevel,
} from '../shared/messages';
import { check } from '../shared/schema';
import { Engine } from './engine';

const send = (message: FromEngine): void => {
  try {
    process.send?.(message);
  } catch (error) {
    process.stderr.write(`Could not send a ${message.type} message: ${String(error)}\n`);
  }
};
const log = (level: LogLevel, message: string): void => send({ type: 'log', level, message });
const engine = new Engine(modelsDir(__dirname), log);
const running = new Map<number, AbortController>();
const limit = maxMessageBytes(process.env);

function progressOf(id: number): (fraction: number, message: string) => void {
  let last = 0;
  return (fraction, message) => {
    const now = Date.now();
    if (now - last < 250 && fraction < 1) return;
    last = now;
    const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
    send({ type: 'progress', inReplyTo: id, fraction: clamped, message: message.slice(0, 1000) });
  };
}

/** Coalesces partial results: at most one sent per ~100 ms, the latest winning; `drop` forgets a pending one. */
function partialOf(id: number): { readonly send: (value: unknown) => void; readonly drop: () => void } {
  let last = 0;
  let pending: { value: unknown } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    if (pending === undefined) return;
    last = Date.now();
    send({ type: 'partial', inReplyTo: id, value: pending.value });
    pending = undefined;
  };
  return {
    send: (value) => {
      pending = { value };
      if (timer === undefined) timer = setTimeout(flush, Math.max(0, last + 100 - Date.now()));
    },
    drop: () => {
      clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}

function start(id: number, kind: string, params: unknown): void {
  const controller = new AbortController();
  running.set(id, controller);
  const partial = partialOf(id);
  engine
    .runNamed(kind, params, { signal: controller.signal, progress: progressOf(id), partial: partial.send })
    .finally(partial.drop)
    .then((result) => send({ type: 'result', inReplyTo: id, result }))
    .catch((error: unknown) => {
      const info = toErrorInfo(error);
      if (info.code === 'internal')
        log('error', error instanceof Error ? (error.stack ?? error.message) : String(error));
      send({ type: 'error', inReplyTo: id, error: info });
    })
    .finally(() => running.delete(id));
}

/** Logs a refused message and, when it names a request id, fails that request with `error`. */
function refuse(raw: unknown, why: string, error: ErrorInfo): void {
  log('warn', `Refused a message (${why}): ${describeRefused(raw)}`);
  const id = idOf(raw);
  if (id !== undefined && !running.has(id)) send({ type: 'error', inReplyTo: id, error });
}

function onMessage(raw: unknown): void {
  const size = messageSize(raw, limit);
  if (size > limit) {
    const mb = Math.round(limit / 1024 / 1024);
    const message =
      `The request is larger than the engine's ${mb} MB limit. Analyse a smaller part, or raise the limit with ` +
      'MODEL_LENS_MAX_MESSAGE_MB.';
    refuse(raw, `over ${mb} MB`, { code: 'too-long', message });
    return;
  }
  const checked = check(ToEngineSchema, raw);
  if (!checked.ok) {
    const message = `The engine was sent a malformed message (${checked.message}). This is a bug: please report it.`;
    refuse(raw, checked.message, { code: 'internal', message });
    return;
  }
  const msg = checked.value;
  if (msg.type === 'cancel') running.get(msg.id)?.abort();
  else if (running.has(msg.id)) log('warn', `Ignored a second request with id ${msg.id} while the first runs.`);
  else start(msg.id, msg.kind, msg.params);
}

process.on('message', (raw: unknown) => {
  try {
    onMessage(raw);
  } catch (error) {
    log(
      'error',
      `The message handler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
});
process.on('disconnect', () => {
  void engine.dispose().finally(() => process.exit(0));
});
log(
  'info',
  `Engine ${process.pid} started (node ${process.version}, messages up to ${Math.round(limit / 1048576)} MB)`,
);
