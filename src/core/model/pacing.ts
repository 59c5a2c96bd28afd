/**
 * @file Pacing of long work so a cancel is honoured within 200 ms: batches sized by their measured
 * time, and a turn of the event loop between batches (so the engine can read a cancel or a ping).
 *
 * onnxruntime-node 1.30 runs `session.run` synchronously on the JavaScript thread (its backend calls
 * the binding inside a `setImmediate`), and its binding reads only `logSeverityLevel` and `tag` of
 * the run options: `terminate` is honoured by the WebAssembly backend only. A running pass cannot be
 * stopped, so the bound on cancel latency is the time of one batch, which this module keeps small.
 */
import { throwIfCancelled } from '../errors';

/** Time one batch should take: well under the 200 ms a cancel may wait. */
export const BATCH_TARGET_MS = 60;

/** Resolves on the next turn of the event loop, after pending I/O (a cancel or a ping) is handled. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Lets the event loop run (a ping, a cancel) between passes, then throws `cancelled` if the signal fired. */
export async function passYield(signal: AbortSignal | undefined): Promise<void> {
  await nextTurn();
  throwIfCancelled(signal);
}

/** Picks how many items the next batch runs, so that a batch takes about {@link BATCH_TARGET_MS}. */
export class BatchSizer {
  private size = 1;

  /** A sizer that never exceeds `max` items per batch (nor goes below one). */
  constructor(
    private readonly max: number,
    private readonly targetMs = BATCH_TARGET_MS,
  ) {}

  /** A sizer that always gives `size` (a batch size the caller chose). */
  static fixed(size: number): BatchSizer {
    const sizer = new BatchSizer(size, Infinity);
    sizer.size = size;
    return sizer;
  }

  /** Items the next batch should run. */
  get next(): number {
    return Math.max(1, Math.min(this.max, this.size));
  }

  /** Records that a batch of `items` took `ms`; the next size aims at the target time. */
  record(items: number, ms: number): void {
    const perItem = Math.max(ms, 0.01) / Math.max(1, items);
    this.size = Math.max(1, Math.min(this.max, Math.floor(this.targetMs / perItem)));
  }
}
