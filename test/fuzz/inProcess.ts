/**
 * @file The in-process executor: a long-lived worker process (worker.ts) runs the cases one at a time, so a
 * case costs no process start and no bundle load. A case past the time or memory limit kills the worker;
 * the next case starts a new one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RunResult } from './classify';
import { caseEnv, watch, type Executor, type Limits } from './run';
import type { WorkerReply } from './worker';

/** An executor running cases in one worker process at a time. */
export class InProcessExecutor implements Executor {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;

  private start(): Promise<void> {
    const child = fork(join(__dirname, 'worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
    this.child = child;
    this.ready = new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the fuzz worker exited (${code}) before it was ready`)));
    });
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    return this.ready;
  }

  /** Runs one command line in `dir` in the worker. */
  async exec(dir: string, argv: readonly string[], limits: Limits): Promise<RunResult> {
    if (this.child === undefined) await this.start();
    else await this.ready;
    const child = this.child as ChildProcess;
    const started = Date.now();
    const env = caseEnv(dir);
    const w = watch(child.pid ?? 0, limits, () => child.kill('SIGKILL'));
    const reply = await new Promise<WorkerReply | { exit: null; signal: string | null }>((resolve) => {
      const onExit = (_code: number | null, signal: string | null): void => resolve({ exit: null, signal });
      child.once('exit', onExit);
      child.once('message', (r: WorkerReply) => {
        child.off('exit', onExit);
        resolve(r);
      });
      child.send({ dir, argv, env: { HOME: env['HOME'] ?? '', MODEL_LENS_CACHE: env['MODEL_LENS_CACHE'] ?? '' } });
    });
    w.stop();
    const base = { ms: Date.now() - started, timedOut: w.state.timedOut, overMemory: w.state.overMemory };
    if (reply.exit === null) {
      const killed = base.timedOut || base.overMemory;
      const peakMb = Math.round(w.state.peakKb / 1024);
      return { ...base, exit: null, signal: killed ? null : reply.signal, stdout: '', stderr: '', peakMb };
    }
    const peakMb = Math.round(reply.peakKb / 1024);
    return { ...base, exit: reply.exit, signal: null, stdout: reply.stdout, stderr: reply.stderr, peakMb };
  }

  /** Ends the worker. */
  async close(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await gone;
  }
}
