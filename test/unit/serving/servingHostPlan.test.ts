import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  mg1Loads,
  parseC,
  parseRate,
  parseRho,
  simulateParams,
  trailOnly,
  withTrail,
} from '../../../src/host/serving/plan';
import { TWO_JOBS } from './panelFixture';
import { ServingSimulateParamsSchema } from '../../../src/shared/serving';
import { check } from '../../../src/shared/schema';

const o = { jobs: 1000, seed: 1 };

test('generated jobs: M/G/1 cost at rate 1, every policy, TRAIL at the c given, loads below 1 with ρ', () => {
  const p = simulateParams({ kind: 'mg1', rho: 0.85, sizes: 'alpaca' }, { kind: 'perfect' }, 0.8, o);
  assert.deepEqual(p.cost, { mode: 'mg1', rate: 1 });
  assert.deepEqual(p.policies, ['fcfs', 'sjf', 'sprpt', 'trail']);
  assert.deepEqual(p.c, [0.8]);
  assert.deepEqual(p.loads, [0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9]);
  assert.deepEqual(p.source, { kind: 'mg1', rho: 0.85, jobs: 1000, sizes: 'alpaca' });
  assert.ok(check(ServingSimulateParamsSchema, p).ok);
  assert.deepEqual(mg1Loads(0.8), [0.3, 0.5, 0.6, 0.7, 0.8, 0.9]);
});

test('a trace: continuous batching with the default costs, loads as multiples of its rate', () => {
  const p = simulateParams({ kind: 'trace', path: '/w/t.jsonl' }, { kind: 'model' }, 0.5, o);
  assert.equal(p.cost.mode, 'batched');
  assert.deepEqual(p.loads, [0.5, 0.75, 1, 1.25]);
  assert.ok(check(ServingSimulateParamsSchema, p).ok);
});

test('a trace on one server: the M/G/1 cost at the rate typed; a rate must be a number above 0', () => {
  const p = simulateParams({ kind: 'trace', path: '/w/t.jsonl' }, { kind: 'model' }, 0.8, o, {
    kind: 'mg1',
    rate: 950,
  });
  assert.deepEqual(p.cost, { mode: 'mg1', rate: 950 });
  assert.ok(check(ServingSimulateParamsSchema, p).ok);
  assert.deepEqual(parseRate(' 1000 '), { rate: 1000 });
  for (const bad of ['', '0', '-5', 'fast']) assert.ok('problem' in parseRate(bad), bad);
});

test('the slider’s c: rounded to its 0.05 step, refused outside (0, 1] or when not a number', () => {
  assert.equal(parseC('0.8'), 0.8);
  assert.equal(parseC('0.649'), 0.65);
  assert.equal(parseC('1'), 1);
  for (const bad of ['0', '1.2', '', 'abc', '-0.5']) assert.equal(parseC(bad), undefined, bad);
});

test('a typed load: unstable at 1 or more, said so', () => {
  assert.deepEqual(parseRho(' 0.9 '), { rho: 0.9 });
  assert.match((parseRho('1') as { problem: string }).problem, /unstable/u);
  assert.match((parseRho('x') as { problem: string }).problem, /between 0 and 1/u);
  assert.ok('problem' in parseRho('0'));
});

test('the slider reruns TRAIL alone; its runs and load points replace the old TRAIL ones in place', () => {
  const p = simulateParams({ kind: 'mg1', rho: 0.8, sizes: 'exponential' }, { kind: 'perfect' }, 0.8, o);
  assert.deepEqual(trailOnly(p, 0.5), { ...p, policies: ['trail'], c: [0.5] });
  const freshTrail = {
    ...TWO_JOBS.runs[1]!,
    summary: { ...TWO_JOBS.runs[1]!.summary, c: 0.5, meanLatency: 9 },
  };
  const fresh = {
    ...TWO_JOBS,
    runs: [freshTrail],
    loads: [{ policy: 'trail' as const, c: 0.5, load: 0.5, meanLatency: 9 }],
  };
  const withSjf = {
    ...TWO_JOBS,
    runs: [
      ...TWO_JOBS.runs,
      { ...TWO_JOBS.runs[0]!, summary: { ...TWO_JOBS.runs[0]!.summary, policy: 'sjf' as const } },
    ],
  };
  const merged = withTrail(withSjf, fresh);
  assert.deepEqual(
    merged.runs.map((r) => [r.summary.policy, r.summary.c, r.summary.meanLatency]),
    [
      ['fcfs', undefined, 3],
      ['trail', 0.5, 9],
      ['sjf', undefined, 3],
    ],
  );
  assert.deepEqual(
    merged.loads.map((l) => [l.policy, l.c, l.meanLatency]),
    [
      ['fcfs', undefined, 2],
      ['trail', 0.5, 9],
    ],
  );
});
