/**
 * @file The M/G/1 event loop: one server, service time = size / rate, preemption free. Events are arrivals,
 * completions and (for model-refined ranks only) token boundaries of the running request. Waiting requests sit
 * in a flatqueue keyed by rank: fcfs by index (arrival order), sjf by initial prediction, sprpt and trail by
 * predicted remaining length at the age they were paused (ranks only change while served, so a key stays true).
 * A new arrival preempts the running request when its rank is strictly lower and the running request is still
 * preemptible (sprpt: always; trail: while age < c·r). Ties among waiting requests go in any order.
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
  const n = w.size.length;
  const { arrival, size } = w;
  const { initial, refined } = pred;
  const policy = spec.policy;
  const preemptive = policy === 'sprpt' || policy === 'trail';
  const c = spec.c ?? 1;
  const checks = preemptive && refined !== undefined;
  const rec = new RunRecorder(n, opts.window);
  const pacer = new Pacer(opts, n);
  const age = new Float64Array(n);
  const queue = new FlatQueue<number>(Math.max(1, n));
  const rankAt = (j: number, a: number): number => remainingAt(initial[j] ?? 0, refined?.[j], a);
  const keyOf = (j: number): number =>
    policy === 'fcfs' ? j : policy === 'sjf' ? (initial[j] ?? 0) : rankAt(j, age[j] ?? 0);
  const limitOf = (j: number): number =>
    policy === 'sprpt' ? Infinity : policy === 'trail' ? c * (initial[j] ?? 0) : -Infinity;
  let next = 0;
  let done = 0;
  let t = 0;
  let cur = -1;
  let curStart = 0;
  let curAge0 = 0;
  let curLimit = 0;
  let nextK = 0;
  let steps = 0;
  const start = (j: number, at: number): void => {
    rec.started(j, at);
    cur = j;
    curStart = at;
    curAge0 = age[j] ?? 0;
    curLimit = limitOf(j);
    nextK = Math.floor(curAge0) + 1;
  };
  const preempt = (at: number, a: number): void => {
    age[cur] = a;
    rec.preempted(cur, curStart, at);
    queue.push(cur, rankAt(cur, a));
  };
  while (done < n) {
    if ((++steps & 8191) === 0 && pacer.due()) await pacer.pause(done);
    const tArr = next < n ? (arrival[next] ?? 0) : Infinity;
    if (cur < 0) {
      if (queue.length > 0) start(queue.pop() ?? 0, t);
      else {
        t = tArr;
        start(next++, t);
      }
      continue;
    }
    const tDone = curStart + ((size[cur] ?? 0) - curAge0) / rate;
    const tCheck = checks && nextK < curLimit ? curStart + (nextK - curAge0) / rate : Infinity;
    if (tDone <= tArr && tDone <= tCheck) {
      rec.finished(cur, curStart, tDone);
      done++;
      t = tDone;
      cur = -1;
    } else if (tCheck < tArr) {
      t = tCheck;
      const a = nextK++;
      if (queue.length > 0 && (queue.peekValue() ?? 0) < rankAt(cur, a)) {
        preempt(t, a);
        start(queue.pop() ?? 0, t);
      }
    } else {
      t = tArr;
      const j = next++;
      const a = curAge0 + (t - curStart) * rate;
      if (a < curLimit && keyOf(j) < rankAt(cur, a)) {
        preempt(t, a);
        start(j, t);
      } else queue.push(j, keyOf(j));
    }
  }
  pacer.finish();
  return rec.run(spec);
}
