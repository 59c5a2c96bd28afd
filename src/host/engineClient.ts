/**
 * @file The host's side of the engine: forks the engine process on demand, sends typed requests,
 * routes progress and replies, and survives the engine's death (pending requests fail with
 * `engine-died`; the next request starts a new engine). Free of `vscode` so tests can drive it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { LensError } from '../core/errors';
import type { EngineRequest, EngineResults, FromEngine } from '../shared/protocol';
import { isFromEngine } from '../shared/validate';

/** Options of one request. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number, message: string) => void;
  /** Fail with `timeout` after this many ms. @default 600000 */
  readonly timeoutMs?: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: LensError) => void;
  readonly onProgress: ((fraction: number, message: string) => void) | undefined;
}

/** A request without its id; the client numbers requests. */
export type RequestBody<R extends EngineRequest = EngineRequest> = R extends EngineRequest ? Omit<R, 'id'> : never;

/** Client of the engine process. */
export class EngineClient {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Creates a client that forks `enginePath` when first needed. */
  constructor(
    private readonly enginePath: string,
    private readonly log: (level: 'info' | 'warn' | 'error', message: string) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Process id of the running engine, if one runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Sends a request and resolves with its result; rejects with a {@link LensError}. */
  request<B extends RequestBody>(body: B, options: RequestOptions = {}): Promise<EngineResults[B['type']]> {
    type T = B['type'];
    const id = this.nextId++;
    const child = this.ensureEngine();
    return new Promise<EngineResults[T]>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(id, new LensError('timeout', 'The engine took too long and the run was stopped. Try a smaller selection.')), options.timeoutMs ?? 600_000);
      const done = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        child.send({ type: 'cancel', id });
      };
      options.signal?.addEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => { done(); resolve(v as EngineResults[T]); },
        reject: (e) => { done(); reject(e); },
        onProgress: options.onProgress,
      });
      child.send({ ...body, id });
      if (options.signal?.aborted === true) onAbort();
    });
  }

  /** Stops the engine; pending requests fail with `engine-died`. */
  dispose(): void {
    this.child?.kill();
    this.child = undefined;
  }

  private ensureEngine(): ChildProcess {
    if (this.child !== undefined && this.child.connected) return this.child;
    const child = fork(this.enginePath, [], { env: this.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    child.stdout?.on('data', (d: Buffer) => this.log('info', d.toString().trimEnd()));
    child.stderr?.on('data', (d: Buffer) => this.log('warn', d.toString().trimEnd()));
    child.on('message', (m: unknown) => this.onMessage(m));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    child.on('error', (e) => this.log('error', `Engine error: ${e.message}`));
    this.child = child;
    return child;
  }

  private onMessage(message: unknown): void {
    if (!isFromEngine(message)) {
      this.log('warn', 'Ignored a malformed message from the engine');
      return;
    }
    this.dispatch(message);
  }

  private dispatch(message: FromEngine): void {
    if (message.type === 'log') {
      this.log(message.level, message.message);
      return;
    }
    const pending = this.pending.get(message.inReplyTo);
    if (pending === undefined) return;
    if (message.type === 'progress') pending.onProgress?.(message.fraction, message.message);
    else if (message.type === 'result') this.settle(message.inReplyTo, () => pending.resolve(message.result));
    else this.settle(message.inReplyTo, () => pending.reject(new LensError(message.error.code, message.error.message)));
  }

  private settle(id: number, action: () => void): void {
    this.pending.delete(id);
    action();
  }

  private fail(id: number, error: LensError): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.child?.send({ type: 'cancel', id });
    this.settle(id, () => pending.reject(error));
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child === child) this.child = undefined;
    const how = signal !== null ? `signal ${signal}` : `exit code ${code ?? '?'}`;
    this.log(code === 0 ? 'info' : 'error', `Engine ${child.pid ?? '?'} stopped (${how})`);
    const error = new LensError('engine-died', `The Model Lens engine stopped unexpectedly (${how}). It restarts on the next request; see "Model Lens: Show Engine Log" for details.`);
    for (const [id, pending] of [...this.pending]) this.settle(id, () => pending.reject(error));
  }
}
