/**
 * @file What a run records as it goes (first-token and finish times, preemptions, evictions, the segments of
 * a time window, the KV memory series) and the pacing of long runs (a turn of the event loop about every 50 ms).
 */
import { throwIfCancelled } from '../../errors';
import { nextTurn } from '../../model/pacing';
import type { PolicySpec, Segment, SimOptions, SimRun } from './types';

/** Most segments one run records (a wider window is cut there). */
export const MAX_SEGMENTS = 100_000;
/** Time between turns of the event loop, in milliseconds. */
const PACE_MS = 50;

/** Per-request times and counts, the window's segments and the memory series of one run. */
export class RunRecorder {
  readonly firstToken: Float64Array;
  readonly finish: Float64Array;
  readonly preemptions: Int32Array;
  readonly evictions: Int32Array;
  private readonly pausedSince: Float64Array;
  private readonly segments: Segment[] = [];
  private memT = new Float64Array(1024);
  private memPaused = new Float64Array(1024);
  private memRunning = new Float64Array(1024);
  private memLength = 0;

  /** A recorder of `n` requests, keeping segments that overlap `window`. */
  constructor(
    n: number,
    private readonly window?: readonly [number, number],
  ) {
    this.firstToken = new Float64Array(n).fill(NaN);
    this.finish = new Float64Array(n).fill(NaN);
    this.preemptions = new Int32Array(n);
    this.evictions = new Int32Array(n);
    this.pausedSince = new Float64Array(n).fill(NaN);
  }

  /**
   * Request j starts (or resumes) being served at `at`; a resume after a pause closes its paused segment.
   * `first`: the first moment served is its first token (M/G/1); the batched mode sets it after the prefill.
   */
  started(j: number, at: number, first = true): void {
    if (first && Number.isNaN(this.firstToken[j])) this.firstToken[j] = at;
    const since = this.pausedSince[j] ?? NaN;
    if (!Number.isNaN(since)) this.segment(j, since, at, 'paused');
    this.pausedSince[j] = NaN;
  }

  /** Request j, served since `since`, is preempted at `at`. */
  preempted(j: number, since: number, at: number): void {
    this.preemptions[j] = (this.preemptions[j] ?? 0) + 1;
    this.pausedSince[j] = at;
    this.segment(j, since, at, 'running');
  }

  /** Request j loses its KV cache at `at` (after a preemption, or while paused): it is no longer paused. */
  evicted(j: number, at: number): void {
    this.evictions[j] = (this.evictions[j] ?? 0) + 1;
    const since = this.pausedSince[j] ?? NaN;
    if (!Number.isNaN(since)) this.segment(j, since, at, 'paused');
    this.pausedSince[j] = NaN;
  }

  /** Request j, served since `since`, finishes at `at`. */
  finished(j: number, since: number, at: number): void {
    this.finish[j] = at;
    this.segment(j, since, at, 'running');
  }

  /** A stretch of request j's life, kept when it overlaps the window (clipped to it). */
  segment(job: number, start: number, end: number, state: Segment['state']): void {
    const win = this.window;
    if (win === undefined || this.segments.length >= MAX_SEGMENTS) return;
    const s = Math.max(start, win[0]);
    const e = Math.min(end, win[1]);
    if (e > s) this.segments.push({ job, start: s, end: e, state });
  }

  /** KV tokens held by paused and by running requests from time t on. */
  memory(t: number, paused: number, running: number): void {
    if (this.memLength === this.memT.length) {
      const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.memT = grow(this.memT);
      this.memPaused = grow(this.memPaused);
      this.memRunning = grow(this.memRunning);
    }
    this.memT[this.memLength] = t;
    this.memPaused[this.memLength] = paused;
    this.memRunning[this.memLength] = running;
    this.memLength++;
  }

  /** The finished run. */
  run(spec: PolicySpec): SimRun {
    const m = this.memLength;
    return {
      spec,
      firstToken: this.firstToken,
      finish: this.finish,
      preemptions: this.preemptions,
      evictions: this.evictions,
      memory: { t: this.memT.slice(0, m), paused: this.memPaused.slice(0, m), running: this.memRunning.slice(0, m) },
      segments: this.segments,
    };
  }
}

/** Turns of the event loop about every 50 ms, with the cancel check and a progress report. */
export class Pacer {
  private last = performance.now();

  /** A pacer for `total` requests under `opts`' signal and progress callback. */
  constructor(
    private readonly opts: Pick<SimOptions, 'signal' | 'onProgress'>,
    private readonly total: number,
  ) {
    throwIfCancelled(opts.signal);
  }

  /** Whether it is time for a turn. */
  due(): boolean {
    return performance.now() - this.last >= PACE_MS;
  }

  /** A turn of the event loop; throws `cancelled` when the signal fired; reports `done` of the total. */
  async pause(done: number): Promise<void> {
    await nextTurn();
    throwIfCancelled(this.opts.signal);
    this.opts.onProgress?.(done / Math.max(1, this.total));
    this.last = performance.now();
  }

  /** Reports completion. */
  finish(): void {
    this.opts.onProgress?.(1);
  }
}
