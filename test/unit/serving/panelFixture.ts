/**
 * @file A hand-worked serving result for the panel's tests. Two requests on one server (M/G/1 times): request 0
 * arrives at 0 with 3 tokens, request 1 at 1 with 1 token. FCFS: 0 runs 0–3, 1 runs 3–4 (latencies 3 and 3, mean
 * 3; TTFT 0 and 2, mean 1). TRAIL at c = 1 (SPRPT): 0 runs 0–1, is paused 1–2 while 1 runs, then runs 2–4
 * (latencies 4 and 1, mean 2.5; TTFT 0 and 0, mean 0; one preemption in two requests).
 */
import type { ServingSimulateResult } from '../../../src/shared/serving';

const summary = (policy: 'fcfs' | 'trail', mean: number, ttft: number, pre: number, c?: number) => ({
  policy,
  ...(c !== undefined ? { c } : {}),
  jobs: 2,
  meanLatency: mean,
  p50: mean,
  p99: 4,
  meanTtft: ttft,
  p50Ttft: ttft,
  p99Ttft: 2,
  preemptionsPerJob: pre,
});

/** The hand-worked result. */
export const TWO_JOBS: ServingSimulateResult = {
  source: 'two.jsonl',
  format: 'jsonl',
  notes: [],
  mode: 'mg1',
  timeUnit: 'service',
  jobs: 2,
  meanSize: 2,
  rate: 0.5,
  rho: 0.5,
  predictions: { kind: 'perfect' },
  runs: [
    {
      summary: summary('fcfs', 3, 1, 0),
      latency: [
        { p: 0, value: 3 },
        { p: 1, value: 3 },
      ],
      ttft: [
        { p: 0, value: 0 },
        { p: 1, value: 2 },
      ],
      segments: [
        { job: 0, start: 0, end: 3, state: 'running' },
        { job: 1, start: 3, end: 4, state: 'running' },
      ],
      memory: { t: [], paused: [], running: [] },
    },
    {
      summary: summary('trail', 2.5, 0, 0.5, 1),
      latency: [
        { p: 0, value: 1 },
        { p: 1, value: 4 },
      ],
      ttft: [
        { p: 0, value: 0 },
        { p: 1, value: 0 },
      ],
      segments: [
        { job: 0, start: 2, end: 4, state: 'running' },
        { job: 0, start: 0, end: 1, state: 'running' },
        { job: 0, start: 1, end: 2, state: 'paused' },
        { job: 1, start: 1, end: 2, state: 'running' },
      ],
      memory: { t: [0, 1, 2], paused: [0, 1, 0], running: [1, 1, 2] },
    },
  ],
  window: [0, 4],
  windowJobs: [
    { job: 1, arrival: 1, size: 1 },
    { job: 0, arrival: 0, size: 3, predicted: 3 },
  ],
  loadAxis: 'rho',
  loads: [
    { policy: 'trail', c: 1, load: 0.8, meanLatency: 3.1, theory: 3 },
    { policy: 'fcfs', load: 0.5, meanLatency: 2, theory: 2 },
    { policy: 'trail', c: 1, load: 0.5, meanLatency: 1.6, theory: 1.5 },
  ],
};
