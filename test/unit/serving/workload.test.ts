import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate } from '../../../src/core/analyses/serving/simulate';
import { quantiles, summarize } from '../../../src/core/analyses/serving/summary';
import type { SimRun, Workload } from '../../../src/core/analyses/serving/types';
import { mg1Workload, withRate } from '../../../src/core/analyses/serving/workload';
import { LensError } from '../../../src/core/errors';

const badInput = (pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === 'bad-input' && pattern.test(e.message);

test('mg1Workload: Poisson arrivals at rate ρ, sizes of mean 1, the same for the same seed', () => {
  const o = { rho: 0.6, jobs: 200_000, seed: 3, sizes: { kind: 'exponential' } } as const;
  const w = mg1Workload(o);
  const n = w.size.length;
  let total = 0;
  let square = 0;
  for (const s of w.size) {
    total += s;
    square += s * s;
  }
  assert.ok(Math.abs(total / n - 1) < 0.01, `mean size ${total / n}`);
  assert.ok(Math.abs(square / n - 2) < 0.05, `E[S²] ${square / n}`);
  assert.ok(Math.abs(n / (w.arrival[n - 1] ?? 1) - 0.6) < 0.01, 'arrival rate');
  for (let i = 1; i < n; i++) assert.ok((w.arrival[i] ?? 0) >= (w.arrival[i - 1] ?? 0));
  assert.deepEqual(mg1Workload(o).size, w.size);
  assert.notDeepEqual(mg1Workload({ ...o, seed: 4 }).size, w.size);
  const emp = mg1Workload({ ...o, sizes: { kind: 'empirical', values: Float64Array.of(10, 30) } });
  // Cells [0.25, 0.75] and [1.25, 1.75] once scaled by 1/20: nothing in between.
  for (const s of emp.size) assert.ok((s >= 0.25 && s <= 0.75) || (s >= 1.25 && s <= 1.75), `${s}`);
});

test('mg1Workload refuses loads ≥ 1 (unstable) and bad counts', () => {
  const sizes = { kind: 'exponential' } as const;
  assert.throws(() => mg1Workload({ rho: 1, jobs: 10, seed: 1, sizes }), badInput(/queue is unstable/u));
  assert.throws(() => mg1Workload({ rho: 0.5, jobs: 0, seed: 1, sizes }), badInput(/job count/u));
});

test('withRate rescales arrivals to the asked mean rate, from 0, keeping everything else', () => {
  const w: Workload = {
    arrival: Float64Array.of(10, 12, 18),
    prompt: Float64Array.of(1, 2, 3),
    size: Float64Array.of(4, 5, 6),
  };
  // Span 8 over 2 gaps: 0.25 per second; at 1 request per second the gaps shrink 4 times.
  const r = withRate(w, 1);
  assert.deepEqual(Array.from(r.arrival), [0, 0.5, 2]);
  assert.equal(r.size, w.size);
  assert.throws(() => withRate(w, 0), badInput(/request rate/u));
});

test('quantiles interpolate between order statistics; summarize gives means, p50, p99 and preemptions', () => {
  assert.deepEqual(quantiles(Float64Array.of(3, 1, 2, 4, 0), 5), [
    { p: 0, value: 0 },
    { p: 0.25, value: 1 },
    { p: 0.5, value: 2 },
    { p: 0.75, value: 3 },
    { p: 1, value: 4 },
  ]);
  assert.deepEqual(quantiles(Float64Array.of(0, 10), 3)[1], { p: 0.5, value: 5 });
  const w: Workload = { arrival: Float64Array.of(0, 1), prompt: new Float64Array(2), size: Float64Array.of(1, 1) };
  const run: SimRun = {
    spec: { policy: 'trail', c: 0.8 },
    firstToken: Float64Array.of(0, 3),
    finish: Float64Array.of(2, 5),
    preemptions: Int32Array.of(1, 0),
    evictions: new Int32Array(2),
    memory: { t: new Float64Array(), paused: new Float64Array(), running: new Float64Array() },
    segments: [],
  };
  const s = summarize(w, run, 2.5);
  assert.deepEqual(
    { ...s },
    {
      policy: 'trail',
      c: 0.8,
      jobs: 2,
      meanLatency: 3,
      p50: 3,
      p99: 2 + 2 * 0.99,
      meanTtft: 1,
      p50Ttft: 1,
      p99Ttft: 2 * 0.99,
      preemptionsPerJob: 0.5,
      theory: 2.5,
    },
  );
});

test('simulate throws cancelled on an aborted signal and reports progress up to 1', async () => {
  const w = mg1Workload({ rho: 0.5, jobs: 1000, seed: 1, sizes: { kind: 'exponential' } });
  const controller = new AbortController();
  controller.abort();
  const opts = { cost: { mode: 'mg1', rate: 1 }, predictions: { kind: 'perfect' }, seed: 1 } as const;
  await assert.rejects(
    simulate(w, { policy: 'fcfs' }, { ...opts, signal: controller.signal }),
    (e: unknown) => e instanceof LensError && e.code === 'cancelled',
  );
  const seen: number[] = [];
  await simulate(w, { policy: 'fcfs' }, { ...opts, onProgress: (f) => seen.push(f) });
  assert.equal(seen.at(-1), 1);
});

test('simulate refuses unsorted arrivals, zero lengths, model predictions without a column, bad c', async () => {
  const opts = { cost: { mode: 'mg1', rate: 1 }, predictions: { kind: 'perfect' }, seed: 1 } as const;
  const w = (arrival: number[], size: number[]): Workload => ({
    arrival: Float64Array.from(arrival),
    prompt: new Float64Array(arrival.length),
    size: Float64Array.from(size),
  });
  await assert.rejects(simulate(w([1, 0], [1, 1]), { policy: 'fcfs' }, opts), badInput(/Request 2 arrives/u));
  await assert.rejects(simulate(w([0, 1], [1, 0]), { policy: 'fcfs' }, opts), badInput(/output length 0/u));
  await assert.rejects(
    simulate(w([0], [1]), { policy: 'sjf' }, { ...opts, predictions: { kind: 'model' } }),
    badInput(/no predicted column/u),
  );
  await assert.rejects(simulate(w([0], [1]), { policy: 'trail', c: 1.5 }, opts), badInput(/c = 1.5/u));
  await assert.rejects(
    simulate(w([0], [1]), { policy: 'fcfs' }, { ...opts, cost: { mode: 'mg1', rate: 0 } }),
    badInput(/rate/u),
  );
});
