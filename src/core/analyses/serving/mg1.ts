/**
 * @file The M/G/1 event loop: one server, service time = size / rate, preemption free. Events are arrivals,
 * completions and (for model-refined ranks only) token boundaries of the running request. Waiting requests sit
 * in a flatqueue keyed by rank: fcfs by index (arrival order), sjf by initial prediction, sprpt and trail by
 * predicted remaining length at the age they were paused (ranks only change while served, so a key stays true).
 * A new arrival preempts the running request when its rank is strictly lower and the running request is still
 * preemptible (sprpt: always; trail: while age < c·r). Ties among waiting requests go in any order.
 * A paused request holds prompt + age tokens of KV cache (its age in output tokens); the memory series records
 * the paused total (exact: it changes only at a preemption or a resume) and the served request's KV then.
 */
import FlatQueue from 'flatqueue';
import { remainingAt, type Predicted } from './predictions';
import { RunRecorder, Pacer } from './record';
import type { PolicySpec, SimOptions, SimRun, Workload } from './types';

/** Simulates `spec` on `w` in the M/G/1 mode at `rate` tokens per unit time. */
export async function simulateMg1(
  w: Workload,
  spec: PolicySpec,
  pred: Predicted,
  opts: SimOptions,
  rate: number,
): Promise<SimRun> {
  const loop = new Mg1Loop(w, spec, pred, opts, rate);
  const n = w.size.length;
  const pacer = new Pacer(opts, n);
  if (n > 0) loop.rec.memory(w.arrival[0] ?? 0, 0, 0);
  let steps = 0;
  while (loop.done < n) {
    if ((++steps & 8191) === 0 && pacer.due()) await pacer.pause(loop.done);
    loop.step();
  }
  if (n > 0) loop.rec.memory(loop.now, 0, 0);
  pacer.finish();
  return loop.rec.run(spec);
}

/** The server, the waiting queue and the request being served. */
class Mg1Loop {
  readonly rec: RunRecorder;
  done = 0;
  private readonly age: Float64Array;
  private readonly paused: Uint8Array;
  private readonly queue: FlatQueue<number>;
  private readonly rankAt: (j: number, a: number) => number;
  private readonly arrivalKey: (j: number) => number;
  private readonly limitOf: (j: number) => number;
  private readonly checks: boolean;
  private next = 0;
  private t = 0;
  private cur = -1;
  private curStart = 0;
  private curAge0 = 0;
  private curLimit = 0;
  private nextK = 0;
  private pausedKv = 0;
  private pausedCount = 0;
  private memoryDue = false;

  constructor(
    private readonly w: Workload,
    spec: PolicySpec,
    pred: Predicted,
    opts: SimOptions,
    private readonly rate: number,
  ) {
    const n = w.size.length;
    const { initial, refined } = pred;
    const policy = spec.policy;
    const c = spec.c ?? 1;
    this.rec = new RunRecorder(n, opts.window);
    this.age = new Float64Array(n);
    this.paused = new Uint8Array(n);
    this.queue = new FlatQueue<number>(Math.max(1, n));
    this.checks = (policy === 'sprpt' || policy === 'trail') && refined !== undefined;
    // Without refined ranks the remaining prediction is initial − age (the common, fast case).
    const rankAt = refined
      ? (j: number, a: number): number => remainingAt(initial[j] ?? 0, refined[j], a)
      : (j: number, a: number): number => (initial[j] ?? 0) - a;
    this.rankAt = rankAt;
    this.arrivalKey =
      policy === 'fcfs'
        ? (j: number): number => j
        : policy === 'sjf'
          ? (j: number): number => initial[j] ?? 0
          : (j: number): number => rankAt(j, 0);
    this.limitOf = (j: number): number =>
      policy === 'sprpt' ? Infinity : policy === 'trail' ? c * (initial[j] ?? 0) : -Infinity;
  }

  /** The time of the last event. */
  get now(): number {
    return this.t;
  }

  /** The next event: a start on an idle server, a completion, a token boundary (refined ranks) or an arrival. */
  step(): void {
    const n = this.w.size.length;
    const tArr = this.next < n ? (this.w.arrival[this.next] ?? 0) : Infinity;
    if (this.cur < 0) {
      // Requests arriving at the instant the server frees up are queued before it picks, so none of them
      // displaces the pick with a zero-length preemption.
      if (this.queue.length === 0) this.t = Math.max(this.t, tArr);
      while (this.next < n && (this.w.arrival[this.next] ?? 0) <= this.t) {
        const j = this.next++;
        this.queue.push(j, this.arrivalKey(j));
      }
      this.start(this.queue.pop() ?? 0, this.t);
      return;
    }
    const cur = this.cur;
    const tDone = this.curStart + ((this.w.size[cur] ?? 0) - this.curAge0) / this.rate;
    const tCheck =
      this.checks && this.nextK < this.curLimit ? this.curStart + (this.nextK - this.curAge0) / this.rate : Infinity;
    if (tDone <= tArr && tDone <= tCheck) {
      this.rec.finished(cur, this.curStart, tDone);
      this.done++;
      this.t = tDone;
      this.cur = -1;
    } else if (tCheck < tArr) this.check(tCheck);
    else this.arrive(tArr);
  }

  /** A token boundary of the running request: a better-ranked waiting request takes over. */
  private check(at: number): void {
    this.t = at;
    const a = this.nextK++;
    if (this.queue.length > 0 && (this.queue.peekValue() ?? 0) < this.rankAt(this.cur, a)) {
      this.preempt(at, a);
      this.start(this.queue.pop() ?? 0, at);
    }
  }

  /** The next request arrives: it preempts the running one when strictly better ranked and allowed, or waits. */
  private arrive(at: number): void {
    this.t = at;
    const j = this.next++;
    const a = this.curAge0 + (at - this.curStart) * this.rate;
    const key = this.arrivalKey(j);
    if (a < this.curLimit && key < this.rankAt(this.cur, a)) {
      this.preempt(at, a);
      this.start(j, at);
    } else this.queue.push(j, key);
  }

  private start(j: number, at: number): void {
    const kv = (this.w.prompt[j] ?? 0) + (this.age[j] ?? 0);
    if (this.paused[j] === 1) {
      this.paused[j] = 0;
      // A resume: its KV is no longer paused (the total is reset when nothing is, so no rounding is left).
      this.pausedCount--;
      this.pausedKv = this.pausedCount === 0 ? 0 : this.pausedKv - kv;
      this.memoryDue = true;
    }
    if (this.memoryDue) this.rec.memory(at, this.pausedKv, kv);
    this.memoryDue = false;
    this.rec.started(j, at);
    this.cur = j;
    this.curStart = at;
    this.curAge0 = this.age[j] ?? 0;
    this.curLimit = this.limitOf(j);
    this.nextK = Math.floor(this.curAge0) + 1;
  }

  private preempt(at: number, a: number): void {
    const cur = this.cur;
    this.age[cur] = a;
    this.paused[cur] = 1;
    this.pausedCount++;
    this.pausedKv += (this.w.prompt[cur] ?? 0) + a;
    this.memoryDue = true;
    this.rec.preempted(cur, this.curStart, at);
    this.queue.push(cur, this.rankAt(cur, a));
  }
}
