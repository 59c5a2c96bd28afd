/**
 * @file What an engine toolkit is: a function from the engine's environment to the handlers of its
 * request kinds. A handler is typed by its kind, so its params arrive checked and its result is the
 * kind's result type, with no cast anywhere.
 */
import type { LogLevel } from '../shared/messages';
import type { RequestKind } from '../shared/request';
import type { ModelCache } from './modelCache';

/** What one running request can use (`R`: its kind's result type). */
export interface Job<R = unknown> {
  /** Fires when the request is cancelled or timed out; long loops check it. */
  readonly signal: AbortSignal;
  /** Reports progress, `fraction` in [0, 1] (throttled by the engine). */
  readonly progress: (fraction: number, message: string) => void;
  /**
   * Sends a partial result: the result so far, valid by the kind's result schema (e.g. the tokens generated so
   * far), which a requester draws before the run ends. The engine coalesces partials sent within ~100 ms (the
   * latest wins) and drops any still pending when the result is sent; absent where nobody listens (the CLI).
   */
  // A method, so a Job of one kind's result passes where a Job of unknown result is expected (bivariance).
  partial?(snapshot: R): void;
}

/** What the engine offers every toolkit: where the zoo is, the shared model cache and the log. */
export interface EngineEnv {
  /** The embedded model zoo (`media/models`). */
  readonly modelsDir: string;
  /** Causal LMs by name and device, loaded once and shared by the toolkits. */
  readonly models: ModelCache;
  readonly log: (level: LogLevel, message: string) => void;
}

/** Runs one request kind. */
export interface Handler<P = never, R = unknown> {
  readonly kind: RequestKind<string, P, R>;
  readonly run: (params: P, job: Job<R>) => Promise<R> | R;
}

/** A handler whose types were checked where it was made ({@link handle}). */
export type AnyHandler = Handler<never, unknown>;

/** Pairs a kind with the function that answers it. */
export function handle<P, R>(
  kind: RequestKind<string, P, R>,
  run: (params: P, job: Job<R>) => Promise<R> | R,
): AnyHandler {
  return { kind, run } as unknown as AnyHandler;
}

/** An engine toolkit: its handlers, made once per engine (they may keep state, e.g. trained models). */
export type EngineToolkit = (env: EngineEnv) => readonly AnyHandler[];
