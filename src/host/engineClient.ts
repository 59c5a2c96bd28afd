/**
 * @file The host's side of the engine: forks the engine process on demand, sends typed requests,
 * routes progress and replies, and survives the engine's death (pending requests fail with
 * `engine-died`; the next request starts a new engine). Free of `vscode` so tests can drive it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { LensError } from '../core/errors';
import { FromEngineSchema, type FromEngine, type LogLevel, type ToEngine } from '../shared/messages';
import type { RequestKind } from '../shared/request';
import { check } from '../shared/schema';

/** Options of one request. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number, message: string) => void;
  /** Fail with `timeout` after this many ms. @default 600000 */
  readonly timeoutMs?: number;
}

interface Pending {
  readonly kind: RequestKind;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: LensError) => void;
  readonly onProgress: ((fraction: number, message: string) => void) | undefined;
}

/** Client of the engine process. */
export class EngineClient {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Creates a client that forks `enginePath` when first needed. */
  constructor(
    private readonly enginePath: string,
    private readonly log: (level: LogLevel, message: string) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Process id of the running engine, if one runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Sends a request of `kind` and resolves with its checked result; rejects with a {@link LensError}. */
  request<P, R>(kind: RequestKind<string, P, R>, params: P, options: RequestOptions = {}): Promise<R> {
    const id = this.nextId++;
    const child = this.ensureEngine();
    return new Promise<R>((resolve, reject) => {
      const message = 'The engine took too long and the run was stopped. Try a smaller selection.';
      const timer = setTimeout(() => this.fail(id, new LensError('timeout', message)), options.timeoutMs ?? 600_000);
      const onAbort = (): void => this.send(child, { type: 'cancel', id });
      const done = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      options.signal?.addEventListener('abort', onAbort);
      this.pending.set(id, {
        kind,
        resolve: (value) => (done(), resolve(value as R)),
        reject: (error) => (done(), reject(error)),
        onProgress: options.onProgress,
      });
      this.send(child, { type: 'request', id, kind: kind.name, params });
      if (options.signal?.aborted === true) onAbort();
    });
  }

  /** Stops the engine; pending requests fail with `engine-died`. */
  dispose(): void {
    this.child?.kill();
    this.child = undefined;
  }

  private send(child: ChildProcess, message: ToEngine): void {
    if (child.connected) child.send(message);
  }

  private ensureEngine(): ChildProcess {
    if (this.child !== undefined && this.child.connected) return this.child;
    const child = fork(this.enginePath, [], {
      env: this.env,
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
    if (checked.ok) this.dispatch(checked.value);
    else this.log('warn', `Ignored a malformed message from the engine (${checked.message})`);
  }

  private dispatch(message: FromEngine): void {
    if (message.type === 'log') {
      this.log(message.level, message.message);
      return;
    }
    const pending = this.pending.get(message.inReplyTo);
    if (pending === undefined) return;
    if (message.type === 'progress') pending.onProgress?.(message.fraction, message.message);
    else if (message.type === 'error') {
      this.settle(message.inReplyTo, () => pending.reject(new LensError(message.error.code, message.error.message)));
    } else this.settle(message.inReplyTo, () => this.deliver(pending, message.result));
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

  private fail(id: number, error: LensError): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    if (this.child !== undefined) this.send(this.child, { type: 'cancel', id });
    this.settle(id, () => pending.reject(error));
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child === child) this.child = undefined;
    const how = signal !== null ? `signal ${signal}` : `exit code ${code ?? '?'}`;
    this.log(code === 0 ? 'info' : 'error', `Engine ${child.pid ?? '?'} stopped (${how})`);
    const error = new LensError(
      'engine-died',
      `The Model Lens engine stopped unexpectedly (${how}). It restarts on the next request; ` +
        'see "Model Lens: Show Engine Log" for details.',
    );
    for (const [id, pending] of [...this.pending]) this.settle(id, () => pending.reject(error));
  }
}
