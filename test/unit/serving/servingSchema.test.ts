import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PREDICTION_KINDS, SERVING_POLICIES } from '../../../src/core/analyses/serving/types';
import {
  PREDICTION_KIND_NAMES,
  SERVING_POLICY_NAMES,
  ServingSimulateParamsSchema,
  ServingSimulateResultSchema,
} from '../../../src/shared/serving';
import { check } from '../../../src/shared/schema';

test('the shared policy and prediction names are the core’s', () => {
  assert.deepEqual([...SERVING_POLICY_NAMES], [...SERVING_POLICIES]);
  assert.deepEqual([...PREDICTION_KIND_NAMES], [...PREDICTION_KINDS]);
});

const params = {
  source: { kind: 'mg1', rho: 0.8, jobs: 1000, sizes: 'exponential' },
  policies: ['fcfs', 'trail'],
  c: [0.8],
  predictions: { kind: 'noisy', sigma: 0.5 },
  cost: { mode: 'mg1', rate: 1 },
  loads: [0.5, 0.8],
  seed: 1,
};

test('serving params: M/G/1 settings pass; a load of 1, c of 0 or an inverted window fail naming the field', () => {
  assert.equal(check(ServingSimulateParamsSchema, params).ok, true);
  const rho1 = check(ServingSimulateParamsSchema, { ...params, source: { ...params.source, rho: 1 } });
  assert.ok(!rho1.ok && rho1.message.startsWith('source.rho'), JSON.stringify(rho1));
  const c0 = check(ServingSimulateParamsSchema, { ...params, c: [0] });
  assert.ok(!c0.ok && c0.message.startsWith('c.0'), JSON.stringify(c0));
  const window = check(ServingSimulateParamsSchema, { ...params, window: [5, 2] });
  assert.equal(window.ok, false);
  const trace = { ...params, source: { kind: 'trace', path: '/tmp/t.jsonl' } };
  assert.equal(check(ServingSimulateParamsSchema, trace).ok, true);
});

test('serving result: memory series of unequal lengths are refused', () => {
  const summary = {
    policy: 'fcfs',
    jobs: 2,
    meanLatency: 1,
    p50: 1,
    p99: 1,
    meanTtft: 0.5,
    p50Ttft: 0.5,
    p99Ttft: 0.5,
    preemptionsPerJob: 0,
  };
  const run = {
    summary,
    latency: [{ p: 0, value: 1 }],
    ttft: [],
    segments: [],
    memory: { t: [0], paused: [0], running: [0] },
  };
  const result = {
    source: 'M/G/1',
    format: 'mg1',
    notes: [],
    mode: 'mg1',
    timeUnit: 'service',
    jobs: 2,
    meanSize: 1,
    rate: 0.8,
    predictions: { kind: 'perfect' },
    runs: [run],
    window: [0, 1],
    windowJobs: [],
    loadAxis: 'rho',
    loads: [],
  };
  assert.equal(check(ServingSimulateResultSchema, result).ok, true);
  const bad = { ...result, runs: [{ ...run, memory: { t: [0, 1], paused: [0], running: [0, 1] } }] };
  assert.equal(check(ServingSimulateResultSchema, bad).ok, false);
});
