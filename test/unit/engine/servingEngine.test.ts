import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { Engine } from '../../../src/engine/engine';
import { specsOf } from '../../../src/engine/serving/index';
import { thinMemory } from '../../../src/engine/serving/run';
import { check } from '../../../src/shared/schema';
import {
  ServingSimulateResultSchema,
  servingSimulateRequest,
  type ServingSimulateParams,
  type ServingSimulateResult,
} from '../../../src/shared/serving';
import { FIXTURES, MODELS, quiet } from '../helpers';

const engine = new Engine(MODELS, quiet);
after(() => engine.dispose());
const job = { signal: new AbortController().signal, progress: () => undefined };
const THREE = join(FIXTURES, 'serving', 'three-jobs.csv');

const params = (over: Partial<ServingSimulateParams>): ServingSimulateParams => ({
  source: { kind: 'trace', path: THREE },
  policies: ['fcfs'],
  c: [0.5],
  predictions: { kind: 'perfect' },
  cost: { mode: 'mg1', rate: 1 },
  loads: [],
  seed: 1,
  ...over,
});

const byName = (r: ServingSimulateResult) =>
  Object.fromEntries(r.runs.map(({ summary: s }) => [s.c === undefined ? s.policy : `${s.policy}@${s.c}`, s]));

test('three hand-worked jobs (arrivals 0, 1, 1.5; sizes 4, 1, 1): FCFS, SPRPT, TRAIL at c = 0.5, 0.2', async () => {
  const p = params({ policies: ['fcfs', 'sprpt', 'trail'], c: [0.5, 0.2] });
  const r = await engine.run(servingSimulateRequest, p, job);
  assert.ok(check(ServingSimulateResultSchema, r).ok);
  const s = byName(r);
  const near = (x: number | undefined, y: number) => assert.ok(Math.abs((x ?? NaN) - y) < 1e-12, `${x} ≠ ${y}`);
  // FCFS: finishes 4, 5, 6 → latencies 4, 4, 4.5; first tokens 0, 4, 5 → TTFTs 0, 3, 3.5.
  near(s['fcfs']?.meanLatency, 12.5 / 3);
  near(s['fcfs']?.meanTtft, 6.5 / 3);
  // SPRPT: job 1 preempts job 0 at t = 1 (1 < 3 left) and runs to 2 (job 2 waits: 1 > 0.5 left), job 2 runs
  // 2 → 3, job 0 ends at 6: latencies 6, 1, 1.5; TTFTs 0, 0, 0.5; one preemption in three jobs.
  near(s['sprpt']?.meanLatency, 8.5 / 3);
  near(s['sprpt']?.meanTtft, 0.5 / 3);
  near(s['sprpt']?.preemptionsPerJob, 1 / 3);
  // TRAIL c = 0.5: job 0 (prediction 4) is preemptible while its age is below 2: as SPRPT.
  near(s['trail@0.5']?.meanLatency, 8.5 / 3);
  // TRAIL c = 0.2: at t = 1 job 0's age 1 ≥ 0.8, so it runs on: as FCFS.
  near(s['trail@0.2']?.meanLatency, 12.5 / 3);
  near(s['trail@0.2']?.preemptionsPerJob, 0);
  assert.equal(r.jobs, 3);
  assert.equal(r.timeUnit, 's');
  assert.deepEqual(r.window, [0, 1.5]);
  assert.deepEqual(
    r.windowJobs.map((j) => [j.job, j.arrival, j.size, j.predicted]),
    [
      [0, 0, 4, 4],
      [1, 1, 1, 1],
      [2, 1.5, 1, 1],
    ],
  );
  // 2 requests in 1.5 s (4/3 per second) of mean size 2 at rate 1: ρ = 8/3, said to be unstable.
  near(r.rho, 8 / 3);
  assert.match(r.notes.join(' '), /load is ρ = 2\.67 ≥ 1: the queue grows through the trace/u);
});

test('M/G/1 jobs: the closed form beside each run and load point, times scaled by the cost rate', async () => {
  const source = { kind: 'mg1', rho: 0.5, jobs: 50_000, sizes: 'exponential' } as const;
  const r = await engine.run(servingSimulateRequest, params({ source, loads: [0.3] }), job);
  const fcfs = r.runs[0]?.summary;
  // Pollaczek–Khinchine with exponential sizes of mean 1: 1 + ρ·E[S²] / (2(1 − ρ)) = 1 + 0.5·2 / 1 = 2.
  assert.equal(fcfs?.theory, 2);
  assert.ok(Math.abs((fcfs?.meanLatency ?? 0) / 2 - 1) < 0.05, `simulated ${fcfs?.meanLatency}`);
  assert.equal(r.loadAxis, 'rho');
  assert.ok(Math.abs((r.loads[0]?.theory ?? 0) - (1 + 0.3 / 0.7)) < 1e-12);
  // Served at rate 2: load 0.25, mean response (1 + 0.25 / 0.75) / 2 = 2 / 3.
  const fast = await engine.run(servingSimulateRequest, params({ source, cost: { mode: 'mg1', rate: 2 } }), job);
  assert.equal(fast.rho, 0.25);
  assert.ok(Math.abs((fast.runs[0]?.summary.theory ?? 0) - 2 / 3) < 1e-12);
});

test('a partial result after each run; the runs asked for are each policy once and TRAIL once per c', async () => {
  const partials: number[] = [];
  const p = params({ policies: ['fcfs', 'trail'], c: [0.5, 0.8] });
  await engine.run(servingSimulateRequest, p, {
    ...job,
    partial: (r: ServingSimulateResult) => partials.push(r.runs.length),
  });
  assert.deepEqual(
    specsOf(p).map((s) => [s.policy, s.c]),
    [
      ['fcfs', undefined],
      ['trail', 0.5],
      ['trail', 0.8],
    ],
  );
  assert.ok(partials.length >= 1 && partials.every((n, i) => i === 0 || n >= (partials[i - 1] ?? 0)));
});

test('bad input: M/G/1 jobs in the batched model, a load ≥ 1, model predictions without predictions', async () => {
  const source = { kind: 'mg1', rho: 0.5, jobs: 10, sizes: 'exponential' } as const;
  const batched = { mode: 'batched', prefillPerToken: 0, decodePerToken: 0, stepOverhead: 0.01 } as const;
  const refused = (pattern: RegExp) => (e: unknown) =>
    e instanceof LensError && e.code === 'bad-input' && pattern.test(e.message);
  await assert.rejects(
    engine.run(servingSimulateRequest, params({ source, cost: { ...batched, kvCapacity: 9, maxBatch: 2 } }), job),
    refused(/M\/G\/1 cost model/u),
  );
  await assert.rejects(
    engine.run(servingSimulateRequest, params({ source, loads: [1.5] }), job),
    refused(/load ≥ 1: the queue is unstable/u),
  );
  await assert.rejects(
    engine.run(servingSimulateRequest, params({ predictions: { kind: 'model' } }), job),
    refused(/no predicted column/u),
  );
});

test('memory series thinned to a limit keep the most paused point of each bucket', () => {
  const m = {
    t: Float64Array.from([0, 1, 2, 3, 4, 5]),
    paused: Float64Array.from([0, 5, 1, 1, 9, 2]),
    running: Float64Array.from([1, 2, 3, 4, 5, 6]),
  };
  assert.deepEqual(thinMemory(m, 3), { t: [1, 2, 4], paused: [5, 1, 9], running: [2, 3, 5] });
  assert.deepEqual(thinMemory(m, 10).t, [0, 1, 2, 3, 4, 5]);
});
