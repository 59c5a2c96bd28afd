/**
 * @file The engine: every toolkit's handlers by kind name, and the one way a request runs. The
 * engine process serves it over IPC; the CLI runs it in process; both go through {@link Engine.run}.
 */
import * as ort from 'onnxruntime-node';
import { LensError, throwIfCancelled } from '../core/errors';
import { passYield } from '../core/model/pacing';
import { pingRequest } from '../shared/ping';
import type { RequestKind } from '../shared/request';
import { check, quote } from '../shared/schema';
import { ModelCache } from './modelCache';
import { ENGINE_TOOLKITS } from './registry';
import { handle, type AnyHandler, type EngineEnv, type Job } from './toolkit';

const ping = handle(pingRequest, async (params, job) => {
  await busy(params.busyMs ?? 0, job.signal);
  for (let i = 0; i < (params.partials ?? 0); i++) {
    job.partial?.({ pid: process.pid });
    await sleep(150, job.signal);
  }
  await sleep(params.delayMs, job.signal);
  return { pid: process.pid };
});

/** Every handler of the registered toolkits, and the model cache they share. */
export class Engine {
  private readonly handlers = new Map<string, AnyHandler>();
  private readonly env: EngineEnv;

  /** Makes each registered toolkit's handlers once. */
  constructor(modelsDir: string, log: EngineEnv['log']) {
    // onnxruntime would print its own errors on stderr besides ours: every failure reaches the user once, as ours.
    ort.env.logLevel = 'fatal';
    this.env = { modelsDir, models: new ModelCache(modelsDir, log), log };
    for (const h of [ping, ...ENGINE_TOOLKITS.flatMap((toolkit) => toolkit(this.env))]) {
      if (this.handlers.has(h.kind.name)) throw new Error(`Two handlers for request kind "${h.kind.name}".`);
      this.handlers.set(h.kind.name, h);
    }
  }

  /** Runs a request of a known kind (the CLI's typed path). */
  run<P, R>(kind: RequestKind<string, P, R>, params: P, job: Job<NoInfer<R>>): Promise<R> {
    return this.runNamed(kind.name, params, job) as Promise<R>;
  }

  /** Runs a request named by its kind, checking its params by the kind's schema first. */
  async runNamed(name: string, params: unknown, job: Job): Promise<unknown> {
    const handler = this.handlers.get(name);
    if (handler === undefined) throw new LensError('bad-input', `The engine has no analysis "${quote(name)}".`);
    const checked = check(handler.kind.params, params);
    if (!checked.ok) throw new LensError('bad-input', `Request ${name} is malformed: ${checked.message}.`);
    throwIfCancelled(job.signal);
    return handler.run(checked.value as never, job);
  }

  /** Frees every loaded model. */
  dispose(): Promise<void> {
    return this.env.models.dispose();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  }).then(() => throwIfCancelled(signal));
}

/** Computes for `ms` in slices of about 5 ms, yielding to the event loop and checking `signal` between slices. */
async function busy(ms: number, signal: AbortSignal): Promise<void> {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) {
    const slice = Date.now() + 5;
    while (Date.now() < slice) x = (x * 1103515245 + 12345) % 2147483648;
    await passYield(signal);
  }
  if (x < 0) throw new Error('unreachable');
}
