/**
 * @file Continuous batching as vLLM's scheduler does it, one iteration at a time:
 * 1. arrivals up to now join the waiting queue (a flatqueue by rank, as in the M/G/1 mode);
 * 2. the batch: running requests that may not be preempted (fcfs and sjf: all; trail: age ≥ c·r), then the
 *    best-ranked of the preemptible running and the waiting, up to maxBatch; a preemptible running request
 *    left out is paused and keeps its KV cache;
 * 3. KV: the batch needs prompt + generated + 1 tokens each, paused requests keep prompt + generated. While that
 *    exceeds the capacity, paused requests outside the batch are evicted (lowest priority first), then batch
 *    members are dropped from the lowest priority up (one holding KV is evicted: it recomputes later);
 * 4. the iteration takes overhead + prefill tokens × prefillPerToken + decoding requests × decodePerToken, where
 *    a request without KV (new or evicted) prefills prompt + generated tokens and its token comes from the
 *    prefill; each batch member then has one more token (the first one sets its first-token time).
 * Lengths are whole tokens (a size is rounded up); a request that could never fit the cache is refused.
 */
import FlatQueue from 'flatqueue';
import { LensError } from '../../errors';
import { type Predicted } from './predictions';
import { Pacer, RunRecorder } from './record';
import { BatchState, PAUSED, RUNNING } from './batchState';
import type { BatchedModel, PolicySpec, SimOptions, SimRun, Workload } from './types';

/** Simulates `spec` on `w` under continuous batching. */
export async function simulateBatched(
  w: Workload,
  spec: PolicySpec,
  pred: Predicted,
  opts: SimOptions,
  cost: BatchedModel,
): Promise<SimRun> {
  const n = w.size.length;
  checkFits(w, cost);
  const rec = new RunRecorder(n, opts.window);
  const st = new BatchState(w, spec, pred, rec);
  const pacer = new Pacer(opts, n);
  const waiting = new FlatQueue<number>(Math.max(1, n));
  const maxBatch = Math.max(1, Math.floor(cost.maxBatch));
  let next = 0;
  let t = 0;
  let steps = 0;
  while (st.done < n) {
    if ((++steps & 1023) === 0 && pacer.due()) await pacer.pause(st.done);
    while (next < n && (w.arrival[next] ?? 0) <= t) waiting.push(next, st.rankOf(next++));
    if (st.running.length === 0 && waiting.length === 0) {
      rec.memory(t, 0, 0);
      t = w.arrival[next] ?? t;
      continue;
    }
    const batch = chooseBatch(st, waiting, maxBatch, t);
    fitMemory(st, batch, waiting, cost.kvCapacity, t);
    t = st.iterate(batch, t, cost);
  }
  rec.memory(t, 0, 0);
  pacer.finish();
  return rec.run(spec);
}

/** Refuses a request whose prompt and output could never fit in the cache together. */
function checkFits(w: Workload, cost: BatchedModel): void {
  for (let i = 0; i < w.size.length; i++) {
    const need = (w.prompt[i] ?? 0) + Math.ceil(w.size[i] ?? 0);
    if (need > cost.kvCapacity)
      throw new LensError(
        'bad-input',
        `Request ${i + 1} needs ${need} tokens of KV cache (prompt + output) but the cache holds ` +
          `${cost.kvCapacity}. Raise kvCapacity, or drop the request.`,
      );
  }
}

/**
 * The batch in priority order: the running requests that may not be preempted, then the best of the
 * preemptible running ones and the waiting queue up to maxBatch. Preemptible running requests left out pause.
 */
function chooseBatch(st: BatchState, waiting: FlatQueue<number>, maxBatch: number, t: number): number[] {
  const forced: number[] = [];
  const open: { j: number; rank: number }[] = [];
  for (const j of st.running) {
    if (st.preemptible(j)) open.push({ j, rank: st.rankOf(j) });
    else forced.push(j);
  }
  forced.sort((a, b) => st.rankOf(a) - st.rankOf(b) || a - b);
  open.sort((a, b) => a.rank - b.rank || a.j - b.j);
  const batch = forced;
  let k = 0;
  while (batch.length < maxBatch) {
    const fromOpen = k < open.length;
    if (waiting.length > 0 && (!fromOpen || (waiting.peekValue() ?? 0) < (open[k]?.rank ?? 0)))
      batch.push(waiting.pop() ?? 0);
    else if (fromOpen) batch.push(open[k++]?.j ?? 0);
    else break;
  }
  for (; k < open.length; k++) {
    const j = open[k]?.j ?? 0;
    st.pause(j, t);
    waiting.push(j, open[k]?.rank ?? 0);
  }
  return batch;
}

/**
 * Makes the batch fit the cache: evicts paused requests outside it (lowest priority first), then drops batch
 * members from the lowest priority up (back to the waiting queue; evicted when they held KV).
 */
function fitMemory(st: BatchState, batch: number[], waiting: FlatQueue<number>, capacity: number, t: number): void {
  const outside = (j: number): boolean => !batch.includes(j);
  let need = st.pausedKv;
  for (const j of batch) need += st.kvOf(j) + 1 - (st.state[j] === PAUSED ? st.kvOf(j) : 0);
  while (need > capacity) {
    const victim = st.lowestPaused(outside);
    if (victim < 0) break;
    need -= st.kvOf(victim);
    st.evict(victim, t);
  }
  while (need > capacity && batch.length > 1) {
    const j = batch.pop() ?? 0;
    need -= st.kvOf(j) + 1;
    if (st.state[j] === RUNNING || st.state[j] === PAUSED) st.evict(j, t);
    waiting.push(j, st.rankOf(j));
  }
}
