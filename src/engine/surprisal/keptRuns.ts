/**
 * @file The ids of the latest long surprisal runs, kept so a hover can ask for one token's top predictions
 * without the whole result carrying them: 4 bytes a token, the last few runs only.
 */
import type { ModelRequest } from '../../shared/schema';

/** A run kept: the model it ran on and the ids it scored. */
export interface KeptRun {
  readonly model: ModelRequest;
  readonly ids: Int32Array;
}

/** Runs kept at most (the oldest is dropped first). */
export const KEPT_RUNS = 4;

/** The last {@link KEPT_RUNS} runs by key. */
export class KeptRuns {
  private readonly runs = new Map<string, KeptRun>();
  private next = 1;

  /** Keeps a run and returns its key. */
  keep(run: KeptRun): string {
    const key = `run-${process.pid}-${this.next++}`;
    this.runs.set(key, run);
    for (const old of this.runs.keys()) {
      if (this.runs.size <= KEPT_RUNS) break;
      this.runs.delete(old);
    }
    return key;
  }

  /** The run of a key, if still kept. */
  get(key: string): KeptRun | undefined {
    return this.runs.get(key);
  }
}
