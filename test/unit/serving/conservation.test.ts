import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate } from '../../../src/core/analyses/serving/simulate';
import { mg1Workload } from '../../../src/core/analyses/serving/workload';
import type { BatchedModel, PolicySpec, SimOptions, SimRun, Workload } from '../../../src/core/analyses/serving/types';
import { rngSeeded } from '../../../src/core/random/rng';

const SPECS: readonly PolicySpec[] = [
  { policy: 'fcfs' },
  { policy: 'sjf' },
  { policy: 'sprpt' },
  { policy: 'trail', c: 0.5 },
  { policy: 'trail', c: 0.8 },
];
const ALL: readonly [number, number] = [0, Infinity];

/** Each request finishes once, no time travel, and its running segments add up to `served(j)`. */
function checkRequests(w: Workload, r: SimRun, served: (j: number) => number, what: string): void {
  const n = w.size.length;
  const running = new Float64Array(n);
  const pieces = new Int32Array(n);
  for (const s of r.segments)
    if (s.state === 'running') {
      running[s.job] = (running[s.job] ?? 0) + (s.end - s.start);
      pieces[s.job] = (pieces[s.job] ?? 0) + 1;
    }
  for (let j = 0; j < n; j++) {
    const a = w.arrival[j] ?? 0;
    const first = r.firstToken[j] ?? NaN;
    const finish = r.finish[j] ?? NaN;
    assert.ok(first >= a && finish >= first, `${what}: request ${j} arrives ${a}, first ${first}, ends ${finish}`);
    const want = served(j);
    assert.ok(Math.abs((running[j] ?? 0) - want) <= 1e-9 * Math.max(1, want), `${what}: ${j} served ${running[j]}`);
    // Each stretch of service but the last ends in a preemption (or an eviction, batched).
    assert.ok((pieces[j] ?? 0) - 1 <= (r.preemptions[j] ?? 0), `${what}: ${j} has ${pieces[j]} pieces`);
  }
}

test('M/G/1: every request finishes once, served exactly its size, one at a time', async () => {
  const w = mg1Workload({ rho: 0.9, jobs: 3000, seed: 4, sizes: { kind: 'exponential' } });
  for (const spec of SPECS) {
    const what = `${spec.policy} ${spec.c ?? ''}`;
    const opts: SimOptions = {
      cost: { mode: 'mg1', rate: 2 },
      predictions: { kind: 'noisy', sigma: 0.7 },
      seed: 5,
      window: ALL,
    };
    const r = await simulate(w, spec, opts);
    checkRequests(w, r, (j) => (w.size[j] ?? 0) / 2, what);
    const runs = r.segments.filter((s) => s.state === 'running').sort((x, y) => x.start - y.start);
    for (let k = 1; k < runs.length; k++)
      assert.ok((runs[k]?.start ?? 0) >= (runs[k - 1]?.end ?? 0) - 1e-9, `${what}: two served at once`);
    checkPausedMemory(w, r, what);
  }
});

/**
 * The M/G/1 memory series against the segments: at each recorded time, the paused KV equals the sum over the
 * requests paused then of prompt + tokens served before (from their running segments), and is 0 exactly when
 * none is paused.
 */
function checkPausedMemory(w: Workload, r: SimRun, what: string): void {
  const { t, paused } = r.memory;
  assert.ok(t.length >= 2, `${what}: a memory series`);
  for (let k = 1; k < t.length; k++) assert.ok((t[k] ?? 0) >= (t[k - 1] ?? 0), `${what}: memory times in order`);
  const rate = 2;
  for (let k = 0; k < t.length; k += Math.max(1, Math.floor(t.length / 200))) {
    const at = t[k] ?? 0;
    let expected = 0;
    for (const s of r.segments) {
      if (s.state !== 'paused' || !(s.start <= at && at < s.end)) continue;
      let served = 0;
      for (const q of r.segments)
        if (q.job === s.job && q.state === 'running' && q.end <= s.start + 1e-12) served += (q.end - q.start) * rate;
      expected += (w.prompt[s.job] ?? 0) + served;
    }
    const got = paused[k] ?? 0;
    assert.ok(Math.abs(got - expected) < 1e-6 * Math.max(1, expected), `${what}: paused KV ${got} ≠ ${expected}`);
    assert.equal(got > 0, expected > 0, `${what}: paused KV ${got} at ${at}`);
  }
}

/** An Alpaca-like trace: prompts 5–60 tokens, outputs 2–300 tokens with a tenth at 300, Poisson arrivals. */
function trace(n: number, perUnit: number): Workload {
  const next = rngSeeded(11);
  const arrival = new Float64Array(n);
  const prompt = new Float64Array(n);
  const size = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += -Math.log(1 - next()) / perUnit;
    arrival[i] = t;
    prompt[i] = 5 + Math.floor(next() * 56);
    size[i] = next() < 0.1 ? 300 : 2 + Math.floor(298 * next() ** 1.5);
  }
  return { arrival, prompt, size };
}

/** Number of paused segments covering each memory time (s ≤ t < e). */
function pausedCounts(r: SimRun): Int32Array {
  const out = new Int32Array(r.memory.t.length);
  const paused = r.segments.filter((s) => s.state === 'paused');
  for (let k = 0; k < out.length; k++) {
    const t = r.memory.t[k] ?? 0;
    out[k] = paused.filter((s) => s.start <= t && t < s.end).length;
  }
  return out;
}

test('batched: each request served its tokens once, KV never above capacity, paused KV only while paused', async () => {
  // One time unit an iteration, so a request's running time is its number of tokens.
  const cost: BatchedModel = {
    mode: 'batched',
    prefillPerToken: 0,
    decodePerToken: 0,
    stepOverhead: 1,
    kvCapacity: 3000,
    maxBatch: 16,
  };
  const w = trace(600, 0.09);
  let evictions = 0;
  let preemptions = 0;
  for (const spec of SPECS) {
    const what = `${spec.policy} ${spec.c ?? ''}`;
    const opts = { cost, predictions: { kind: 'noisy', sigma: 0.5 }, seed: 3, window: ALL } as const;
    const r = await simulate(w, spec, opts);
    checkRequests(w, r, (j) => Math.ceil(w.size[j] ?? 0), what);
    const counts = pausedCounts(r);
    for (let k = 0; k < r.memory.t.length; k++) {
      const paused = r.memory.paused[k] ?? 0;
      assert.ok(paused + (r.memory.running[k] ?? 0) <= cost.kvCapacity, `${what}: KV over capacity at ${k}`);
      assert.equal(paused > 0, (counts[k] ?? 0) > 0, `${what}: paused KV ${paused} at ${r.memory.t[k]}`);
      if (spec.policy === 'fcfs' || spec.policy === 'sjf') assert.equal(paused, 0);
    }
    evictions += r.evictions.reduce((s, e) => s + e, 0);
    preemptions += r.preemptions.reduce((s, e) => s + e, 0);
  }
  assert.ok(evictions > 0 && preemptions > 0, `the cache was tight enough: ${evictions} evictions`);
});

/**
 * In the batched mode this holds while nothing is evicted: under eviction trail ranks a partly served request by
 * its predicted remaining length, sjf by its whole prediction, so they evict and readmit in different orders.
 */
test('trail at c → 0 schedules as sjf, and at c = 1 as sprpt (noisy predictions, both modes)', async () => {
  const w = mg1Workload({ rho: 0.85, jobs: 20_000, seed: 8, sizes: { kind: 'exponential' } });
  const mg1: SimOptions = { cost: { mode: 'mg1', rate: 1 }, predictions: { kind: 'noisy', sigma: 0.6 }, seed: 2 };
  const same = async (a: PolicySpec, b: PolicySpec, opts: SimOptions, on: Workload): Promise<void> => {
    const x = await simulate(on, a, opts);
    const y = await simulate(on, b, opts);
    assert.deepEqual(x.finish, y.finish, `${a.policy} ${a.c} against ${b.policy}`);
    assert.deepEqual(x.preemptions, y.preemptions);
    assert.equal(
      x.evictions.reduce((e, k) => e + k, 0),
      0,
    );
  };
  await same({ policy: 'trail', c: 1e-12 }, { policy: 'sjf' }, mg1, w);
  await same({ policy: 'trail', c: 1 }, { policy: 'sprpt' }, mg1, w);
  const cost: BatchedModel = {
    mode: 'batched',
    prefillPerToken: 0.001,
    decodePerToken: 0.01,
    stepOverhead: 1,
    kvCapacity: 16 * (60 + 300),
    maxBatch: 16,
  };
  const batched: SimOptions = { cost, predictions: { kind: 'noisy', sigma: 0.6 }, seed: 2 };
  const t = trace(400, 0.09);
  await same({ policy: 'trail', c: 1e-12 }, { policy: 'sjf' }, batched, t);
  await same({ policy: 'trail', c: 1 }, { policy: 'sprpt' }, batched, t);
});
