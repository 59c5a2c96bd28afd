/**
 * @file The state of a continuous-batching run: per request its state, generated tokens and KV cache, the
 * running set, the paused KV total, the paused requests by priority (to evict the lowest first), and the
 * iteration itself (its cost, the tokens it produces, first tokens and finishes).
 */
import FlatQueue from 'flatqueue';
import { remainingAt, type Predicted } from './predictions';
import type { RunRecorder } from './record';
import type { BatchedModel, PolicySpec, Workload } from './types';

/** No KV cache: never started, or evicted (it prefills prompt + generated tokens when it runs again). */
export const WAITING = 0;
/** In the batch, holding prompt + generated tokens of KV. */
export const RUNNING = 1;
/** Preempted, keeping its KV. */
export const PAUSED = 2;
/** Finished. */
export const DONE = 3;

/** Per-request state and the totals of a batched run. */
export class BatchState {
  readonly state: Uint8Array;
  readonly tokens: Int32Array;
  readonly gen: Int32Array;
  running: number[] = [];
  pausedKv = 0;
  done = 0;
  private readonly runStart: Float64Array;
  private readonly pausedKey: Float64Array;
  private readonly pausedHeap: FlatQueue<number>;
  private readonly c: number;

  /** The state of `w` before anything arrives. */
  constructor(
    private readonly w: Workload,
    private readonly spec: PolicySpec,
    private readonly pred: Predicted,
    private readonly rec: RunRecorder,
  ) {
    const n = w.size.length;
    this.state = new Uint8Array(n);
    this.tokens = new Int32Array(n);
    for (let i = 0; i < n; i++) this.tokens[i] = Math.ceil(w.size[i] ?? 1);
    this.gen = new Int32Array(n);
    this.runStart = new Float64Array(n);
    this.pausedKey = new Float64Array(n);
    this.pausedHeap = new FlatQueue<number>(Math.max(1, n) * 2);
    this.c = spec.c ?? 1;
  }

  /** Rank of request j now (lower runs first): fcfs by index, sjf by initial prediction, else remaining. */
  rankOf(j: number): number {
    const policy = this.spec.policy;
    const initial = this.pred.initial[j] ?? 0;
    if (policy === 'fcfs') return j;
    if (policy === 'sjf') return initial;
    return remainingAt(initial, this.pred.refined?.[j], this.gen[j] ?? 0);
  }

  /** Whether running request j may be preempted (sprpt: always; trail: while age < c·r). */
  preemptible(j: number): boolean {
    if (this.spec.policy === 'sprpt') return true;
    return this.spec.policy === 'trail' && (this.gen[j] ?? 0) < this.c * (this.pred.initial[j] ?? 0);
  }

  /** KV tokens request j holds (or would after its prefill): prompt + generated. */
  kvOf(j: number): number {
    return (this.w.prompt[j] ?? 0) + (this.gen[j] ?? 0);
  }

  /** Running request j is preempted at t and keeps its KV. */
  pause(j: number, t: number): void {
    this.state[j] = PAUSED;
    this.pausedKv += this.kvOf(j);
    this.running = this.running.filter((k) => k !== j);
    this.rec.preempted(j, this.runStart[j] ?? t, t);
    const rank = this.rankOf(j);
    this.pausedKey[j] = rank;
    if (this.pausedHeap.length === this.pausedHeap.capacity) this.compactPaused();
    this.pausedHeap.push(j, -rank);
  }

  /** Request j (running or paused) loses its KV at t; it will recompute prompt + generated tokens. */
  evict(j: number, t: number): void {
    if (this.state[j] === PAUSED) {
      this.pausedKv -= this.kvOf(j);
      this.rec.evicted(j, t);
    } else {
      this.running = this.running.filter((k) => k !== j);
      this.rec.preempted(j, this.runStart[j] ?? t, t);
      this.rec.evicted(j, t);
    }
    this.state[j] = WAITING;
  }

  /** The paused request of lowest priority that `eligible` accepts, or −1 (stale heap entries dropped). */
  lowestPaused(eligible: (j: number) => boolean): number {
    const skipped: number[] = [];
    let found = -1;
    while (this.pausedHeap.length > 0) {
      const j = this.pausedHeap.peek() ?? 0;
      const key = -(this.pausedHeap.peekValue() ?? 0);
      if (this.state[j] !== PAUSED || this.pausedKey[j] !== key) this.pausedHeap.pop();
      else if (!eligible(j)) skipped.push(this.pausedHeap.pop() ?? 0);
      else {
        found = j;
        break;
      }
    }
    for (const j of skipped) this.pausedHeap.push(j, -(this.pausedKey[j] ?? 0));
    return found;
  }

  /** Runs one iteration of `batch` from t; returns its end time. */
  iterate(batch: readonly number[], t: number, cost: BatchedModel): number {
    let prefill = 0;
    let decoders = 0;
    let held = 0;
    for (const j of batch) {
      const s = this.state[j];
      if (s === WAITING) prefill += this.kvOf(j);
      else decoders++;
      if (s === PAUSED) this.pausedKv -= this.kvOf(j);
      if (s !== RUNNING) {
        this.rec.started(j, t, false);
        this.runStart[j] = t;
        this.state[j] = RUNNING;
      }
      held += this.kvOf(j) + 1;
    }
    this.rec.memory(t, this.pausedKv, held);
    const end = t + cost.stepOverhead + prefill * cost.prefillPerToken + decoders * cost.decodePerToken;
    const still: number[] = [];
    for (const j of batch) {
      const g = (this.gen[j] ?? 0) + 1;
      this.gen[j] = g;
      if (g === 1) this.rec.firstToken[j] = end;
      if (g >= (this.tokens[j] ?? 0)) {
        this.state[j] = DONE;
        this.rec.finished(j, this.runStart[j] ?? t, end);
        this.done++;
      } else still.push(j);
    }
    this.running = still;
    return end;
  }

  /** Drops stale entries of the paused heap when it fills up. */
  private compactPaused(): void {
    const live: number[] = [];
    while (this.pausedHeap.length > 0) {
      const j = this.pausedHeap.peek() ?? 0;
      const key = -(this.pausedHeap.peekValue() ?? 0);
      this.pausedHeap.pop();
      if (this.state[j] === PAUSED && this.pausedKey[j] === key) live.push(j);
    }
    for (const j of live) this.pausedHeap.push(j, -(this.pausedKey[j] ?? 0));
  }
}
