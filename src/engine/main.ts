/**
 * @file The engine process. The extension host forks it and talks to it over Node IPC with the
 * messages of src/shared/messages.ts. It alone loads onnxruntime, so a native crash here never
 * takes the extension host down.
 */
import { modelsDir } from '../core/paths';
import { toErrorInfo } from '../core/errors';
import { FromEngine, LogLevel, ToEngineSchema, describeRefused } from '../shared/messages';
import { check } from '../shared/schema';
import { Engine } from './engine';

const send = (message: FromEngine): void => {
  process.send?.(message);
};
const log = (level: LogLevel, message: string): void => send({ type: 'log', level, message });
const engine = new Engine(modelsDir(__dirname), log);
const running = new Map<number, AbortController>();

function progressOf(id: number): (fraction: number, message: string) => void {
  let last = 0;
  return (fraction, message) => {
    const now = Date.now();
    if (now - last < 250 && fraction < 1) return;
    last = now;
    send({ type: 'progress', inReplyTo: id, fraction, message });
  };
}

function start(id: number, kind: string, params: unknown): void {
  const controller = new AbortController();
  running.set(id, controller);
  engine
    .runNamed(kind, params, { signal: controller.signal, progress: progressOf(id) })
    .then((result) => send({ type: 'result', inReplyTo: id, result }))
    .catch((error: unknown) => {
      const info = toErrorInfo(error);
      if (info.code === 'internal')
        log('error', error instanceof Error ? (error.stack ?? error.message) : String(error));
      send({ type: 'error', inReplyTo: id, error: info });
    })
    .finally(() => running.delete(id));
}

process.on('message', (raw: unknown) => {
  const checked = check(ToEngineSchema, raw);
  if (!checked.ok) {
    log('warn', `Ignored a malformed message (${checked.message}): ${describeRefused(raw)}`);
    return;
  }
  const message = checked.value;
  if (message.type === 'cancel') running.get(message.id)?.abort();
  else start(message.id, message.kind, message.params);
});
process.on('disconnect', () => {
  void engine.dispose().finally(() => process.exit(0));
});
log('info', `Engine ${process.pid} started (node ${process.version})`);
