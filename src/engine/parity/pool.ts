/**
 * @file A pool of worker threads that train parity runs, one per core by default. Specs queue and go to the next
 * idle worker; cancelling terminates every worker at once (a run in the middle of a step stops there) and rejects
 * whatever is pending with a `cancelled` error.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { RunResult, RunSpec } from '../../core/analyses/parity/train';
import { LensError } from '../../core/errors';
import { startWorker, workerScriptIn, type WorkerScript } from '../workerThreads';

interface Pending {
  readonly spec: RunSpec;
  readonly resolve: (r: RunResult) => void;
  readonly reject: (e: Error) => void;
}

/** The worker's script: the bundle beside this one (dist/), else the TypeScript source, run through tsx. */
export function workerScript(dir: string = __dirname): WorkerScript {
  return workerScriptIn(dir, 'parityWorker.js', 'worker.ts');
}

/** Worker threads a grid uses by default: one per core. */
export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** A pool of parity workers. */
export class RunPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private closed: Error | undefined;

  /** Starts `size` workers; `signal` cancels every run. */
  constructor(size: number, signal?: AbortSignal) {
    const script = workerScript();
    for (let i = 0; i < size; i++) {
      const w = startWorker(script);
      w.on('message', (m: { result?: RunResult; error?: string }) => this.settle(w, m));
      w.on('error', (e) => this.fail(e));
      this.all.push(w);
      this.idle.push(w);
    }
    signal?.addEventListener('abort', () => this.fail(new LensError('cancelled', 'The grid was cancelled.')), {
      once: true,
    });
  }

  /** Trains one spec on the next idle worker. */
  readonly exec = (spec: RunSpec): Promise<RunResult> =>
    new Promise((resolve, reject) => {
      if (this.closed !== undefined) return reject(this.closed);
      this.queue.push({ spec, resolve, reject });
      this.pump();
    });

  /** Stops every worker (what is pending is rejected). */
  async close(): Promise<void> {
    this.closed ??= new LensError('cancelled', 'The worker pool was closed.');
    this.rejectAll(this.closed);
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop();
      const task = this.queue.shift();
      if (w === undefined || task === undefined) return;
      this.busy.set(w, task);
      w.postMessage({ id: 0, spec: task.spec });
    }
  }

  private settle(w: Worker, m: { result?: RunResult; error?: string }): void {
    const task = this.busy.get(w);
    this.busy.delete(w);
    this.idle.push(w);
    if (m.result !== undefined) task?.resolve(m.result);
    else task?.reject(new Error(`A parity worker failed: ${m.error ?? 'no result'}`));
    this.pump();
  }

  private fail(e: Error): void {
    this.closed ??= e;
    this.rejectAll(this.closed);
    for (const w of this.all) void w.terminate();
  }

  private rejectAll(e: Error): void {
    for (const t of this.queue.splice(0)) t.reject(e);
    for (const t of this.busy.values()) t.reject(e);
    this.busy.clear();
  }
}
