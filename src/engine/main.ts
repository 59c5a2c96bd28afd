/**
 * @file The engine process. The extension host forks it and talks to it over Node IPC with the
 * messages of src/shared/protocol.ts. It alone loads onnxruntime, so a native crash here never
 * takes the extension host down.
 */
import { modelsDir } from '../core/paths';
import { toErrorInfo } from '../core/errors';
import type { FromEngine, ToEngine } from '../shared/protocol';
import { isToEngine } from '../shared/validate';
import { runJob } from './jobs';
import { ModelCache } from './modelCache';
import { TreesJobs } from './treesJobs';
import { DependenciesJobs } from './dependenciesJob';
import { LoraJobs } from './loraJobs';
import { PositionsJobs } from './positionsJobs';

const send = (message: FromEngine): void => {
  process.send?.(message);
};
const log = (level: 'info' | 'warn' | 'error', message: string): void => send({ type: 'log', level, message });
const models = new ModelCache(modelsDir(__dirname), log);
const trees = new TreesJobs(modelsDir(__dirname));
const dependencies = new DependenciesJobs(modelsDir(__dirname));
const lora = new LoraJobs(modelsDir(__dirname));
const positions = new PositionsJobs(modelsDir(__dirname));
const running = new Map<number, AbortController>();

function handle(message: ToEngine): void {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  let last = 0;
  const progress = (fraction: number, text: string): void => {
    const now = Date.now();
    if (now - last < 250 && fraction < 1) return;
    last = now;
    send({ type: 'progress', inReplyTo: message.id, fraction, message: text });
  };
  runJob(message, { models, trees, dependencies, lora, positions, signal: controller.signal, progress })
    .then((result) => send({ type: 'result', inReplyTo: message.id, result }))
    .catch((error: unknown) => {
      const info = toErrorInfo(error);
      if (info.code === 'internal') log('error', error instanceof Error ? (error.stack ?? error.message) : String(error));
      send({ type: 'error', inReplyTo: message.id, error: info });
    })
    .finally(() => running.delete(message.id));
}

process.on('message', (message: unknown) => {
  if (isToEngine(message)) handle(message);
  else log('warn', `Ignored a malformed message: ${JSON.stringify(message).slice(0, 200)}`);
});
process.on('disconnect', () => {
  void models.dispose().finally(() => process.exit(0));
});
log('info', `Engine ${process.pid} started (node ${process.version})`);
