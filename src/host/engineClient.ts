/**
 * @file The host's side of the engine: forks the engine process on demand, sends typed requests,
 * routes progress and replies, and survives the engine's death (pending requests fail with
 * `engine-died`; the next request starts a new engine). A cancel or a time-out sends `cancel`; an
 * engine that has not answered the cancelled request within a grace period is stuck in a loop that
 * does not check for cancels, and is killed, so it never goes on computing. Free of `vscode` so tests
 * can drive it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { LensError } from '../core/errors';
import {
  FromEngineSchema,
  MAX_MESSAGE_BYTES,
  messageSize,
  type FromEngine,
  type LogLevel,
  type ToEngine,
} from '../shared/messages';
import type { RequestKind } from '../shared/request';
import { check } from '../shared/schema';

/** Options of one request (`R`: its kind's result type). */
export interface RequestOptions<R = unknown> {
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number, message: string) => void;
  /**
   * Receives the engine's partial results (the result so far, checked by the kind's result schema; a malformed
   * one is logged and skipped), never after the request settles.
   */
  readonly onPartial?: (snapshot: R) => void;
  /** Fail with `timeout` after this many ms. @default 600000 */
  readonly timeoutMs?: number;
}

/** Options of the client. */
export interface EngineClientOptions {
  /** Kill an engine that has not answered a cancelled or timed-out request after this many ms. @default 3000 */
  readonly cancelGraceMs?: number;
  /** Refuse to send requests larger than this ({@link messageSize} units, about bytes). */
  readonly maxMessageBytes?: number;
}

interface Pending {
  readonly kind: RequestKind;
  /** The engine the request was sent to. */
  readonly child: ChildProcess;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: LensError) => void;
  readonly onProgress: ((fraction: number, message: string) => void) | undefined;
  readonly onPartial: ((snapshot: unknown) => void) | undefined;
}

/** Client of the engine process. */
export class EngineClient {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Cancelled requests the engine has not answered yet, with the timer that kills it if it never does. */
  private readonly cancelling = new Map<number, NodeJS.Timeout>();
  /** Engines stopped on purpose (restart, a stuck cancel), with why: their exit is no failure. */
  private readonly stopped = new WeakMap<ChildProcess, string>();

  /** Creates a client that forks `enginePath` when first needed. */
  constructor(
    private readonly enginePath: string,
    private readonly log: (level: LogLevel, message: string) => void,
    /** The engine's environment, or a function giving it when the engine starts. */
    private readonly env: NodeJS.ProcessEnv | (() => NodeJS.ProcessEnv) = process.env,
    private readonly options: EngineClientOptions = {},
  ) {}

  /** Process id of the running engine, if one runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Sends a request of `kind` and resolves with its checked result; rejects with a {@link LensError}. */
  request<P, R>(kind: RequestKind<string, P, R>, params: P, options: RequestOptions<R> = {}): Promise<R> {
    const limit = this.options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    if (messageSize(params, limit) > limit) {
      const mb = Math.round(limit / 1024 / 1024);
      const why = `The ${kind.name} request is larger than the engine's ${mb} MB limit. Analyse a smaller part.`;
      return Promise.reject(new LensError('too-long', why));
    }
    const id = this.nextId++;
    const child = this.ensureEngine();
    return new Promise<R>((resolve, reject) => {
      const message = 'The engine took too long and the run was stopped. Try a smaller selection.';
      const timer = setTimeout(() => this.fail(id, new LensError('timeout', message)), options.timeoutMs ?? 600_000);
      const onAbort = (): void => this.cancel(child, id);
      const done = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      options.signal?.addEventListener('abort', onAbort);
      this.pending.set(id, {
        kind,
        child,
        resolve: (value) => (done(), resolve(value as R)),
        reject: (error) => (done(), reject(error)),
        onProgress: options.onProgress,
        onPartial: options.onPartial as ((snapshot: unknown) => void) | undefined,
      });
      this.send(child, { type: 'request', id, kind: kind.name, params });
      if (options.signal?.aborted === true) onAbort();
    });
  }

  /** Stops the engine on purpose (`why` goes to the log); pending requests fail with `cancelled`. */
  dispose(why = 'the extension stopped it'): void {
    if (this.child !== undefined) {
      this.stopped.set(this.child, why);
      this.child.kill();
    }
    this.child = undefined;
    for (const timer of this.cancelling.values()) clearTimeout(timer);
    this.cancelling.clear();
  }

  /** Stops the engine (pending requests fail with `cancelled`); the next request starts a new one. */
  restart(): void {
    this.dispose('restart requested');
  }

  private send(child: ChildProcess, message: ToEngine): void {
    if (!child.connected) return;
    const failed = (error: Error | null): void => {
      if (error === null || message.type !== 'request') return;
      const why = `The request could not be sent to the engine (${error.message}).`;
      this.fail(message.id, new LensError('internal', why), false);
    };
    try {
      child.send(message, failed);
    } catch (error) {
      failed(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Sends `cancel` for `id`, and kills `child` if it has not answered that request after the grace period. */
  private cancel(child: ChildProcess, id: number): void {
    this.send(child, { type: 'cancel', id });
    if (this.cancelling.has(id) || child.exitCode !== null || child.signalCode !== null) return;
    const grace = this.options.cancelGraceMs ?? 3000;
    const timer = setTimeout(() => {
      if (child.exitCode !== null || child.signalCode !== null) return this.answered(id);
      this.log('warn', `Engine ${child.pid ?? '?'} did not stop request ${id} within ${grace} ms of a cancel; killed.`);
      this.stopped.set(child, `request ${id} was cancelled`);
      child.kill('SIGKILL');
    }, grace);
    timer.unref();
    this.cancelling.set(id, timer);
  }

  /** The engine answered `id`: it stopped computing it. */
  private answered(id: number): void {
    clearTimeout(this.cancelling.get(id));
    this.cancelling.delete(id);
  }

  private ensureEngine(): ChildProcess {
    if (this.child !== undefined && this.child.connected) return this.child;
    const child = fork(this.enginePath, [], {
      env: typeof this.env === 'function' ? this.env() : this.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    child.stdout?.on('data', (d: Buffer) => this.log('info', d.toString().trimEnd()));
    child.stderr?.on('data', (d: Buffer) => this.log('warn', d.toString().trimEnd()));
    child.on('message', (m: unknown) => this.onMessage(m));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    child.on('error', (e) => this.log('error', `Engine error: ${e.message}`));
    this.child = child;
    return child;
  }

  private onMessage(message: unknown): void {
    const checked = check(FromEngineSchema, message);
    if (checked.ok) {
      this.dispatch(checked.value);
      return;
    }
    this.log('warn', `Ignored a malformed message from the engine (${checked.message})`);
    const raw = typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};
    const id = raw['inReplyTo'];
    if ((raw['type'] === 'result' || raw['type'] === 'error') && typeof id === 'number' && this.pending.has(id)) {
      this.answered(id);
      this.fail(id, new LensError('internal', `The engine's reply was malformed (${checked.message}).`), false);
    }
  }

  private dispatch(message: FromEngine): void {
    if (message.type === 'log') {
      this.log(message.level, message.message);
      return;
    }
    if (message.type !== 'progress' && message.type !== 'partial') this.answered(message.inReplyTo);
    const pending = this.pending.get(message.inReplyTo);
    if (pending === undefined) return;
    if (message.type === 'progress') pending.onProgress?.(message.fraction, message.message);
    else if (message.type === 'partial') this.partial(pending, message.value);
    else if (message.type === 'error') {
      this.settle(message.inReplyTo, () => pending.reject(new LensError(message.error.code, message.error.message)));
    } else this.settle(message.inReplyTo, () => this.deliver(pending, message.result));
  }

  private partial(pending: Pending, value: unknown): void {
    if (pending.onPartial === undefined) return;
    const checked = check(pending.kind.result, value);
    if (checked.ok) pending.onPartial(checked.value);
    else this.log('warn', `Ignored a malformed partial ${pending.kind.name} result (${checked.message})`);
  }

  private deliver(pending: Pending, result: unknown): void {
    const checked = check(pending.kind.result, result);
    if (checked.ok) pending.resolve(checked.value);
    else
      pending.reject(
        new LensError('internal', `The engine's ${pending.kind.name} result is malformed: ${checked.message}.`),
      );
  }

  private settle(id: number, action: () => void): void {
    this.pending.delete(id);
    action();
  }

  /** Fails request `id` with `error`; with `cancel`, tells the engine to stop it (a time-out). */
  private fail(id: number, error: LensError, cancel = true): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    if (cancel && this.child !== undefined) this.cancel(this.child, id);
    this.settle(id, () => pending.reject(error));
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child === child) this.child = undefined;
    const how = signal !== null ? `signal ${signal}` : `exit code ${code ?? '?'}`;
    const why = this.stopped.get(child);
    if (why !== undefined) this.log('info', `Engine ${child.pid ?? '?'} stopped: ${why} (${how})`);
    else this.log(code === 0 ? 'info' : 'error', `Engine ${child.pid ?? '?'} stopped (${how})`);
    const error = new LensError(
      'engine-died',
      `The Model Lens engine stopped unexpectedly (${how}). It restarts on the next request; ` +
        'see "Model Lens: Show Engine Log" for details.',
    );
    const cancelled = new LensError(
      'cancelled',
      why === 'restart requested'
        ? 'The engine was restarted, so the run was stopped. Run it again.'
        : 'The run was cancelled and the engine stopped. Nothing was changed.',
    );
    for (const [id, pending] of [...this.pending].filter(([, p]) => p.child === child))
      this.settle(id, () => pending.reject(this.cancelling.has(id) || why !== undefined ? cancelled : error));
    for (const id of [...this.cancelling.keys()]) this.answered(id);
  }
}
