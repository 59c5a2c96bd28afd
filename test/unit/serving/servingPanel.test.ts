import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServingSimulateResultSchema } from '../../../src/shared/serving';
import { check } from '../../../src/shared/schema';
import {
  bestTrail,
  cdfSeries,
  fmt,
  ganttRows,
  kvUnit,
  loadSeries,
  memorySeries,
  reading,
  runLabel,
} from '../../../webview/serving/data';
import { TWO_JOBS } from './panelFixture';

test('the fixture is a valid result', () => {
  const c = check(ServingSimulateResultSchema, TWO_JOBS);
  assert.ok(c.ok, c.ok ? '' : c.message);
});

test('Gantt rows: by arrival; running stretches in order; a preemption where a stretch ends before the last', () => {
  const rows = ganttRows(TWO_JOBS, 1);
  assert.deepEqual(
    rows.map((r) => r.job),
    [0, 1],
  );
  assert.deepEqual(rows[0]?.running, [
    [0, 1],
    [2, 4],
  ]);
  assert.deepEqual(rows[0]?.paused, [[1, 2]]);
  assert.deepEqual(rows[0]?.preemptions, [1]);
  assert.equal(rows[0]?.predicted, 3);
  assert.deepEqual(rows[1]?.preemptions, []);
  assert.deepEqual(
    ganttRows(TWO_JOBS, 0).map((r) => r.preemptions.length),
    [0, 0],
  );
  assert.deepEqual(ganttRows(TWO_JOBS, 7)[0]?.running, [], 'no such run: empty rows');
});

test('load series: one per policy × c, points sorted by load, theory kept', () => {
  const s = loadSeries(TWO_JOBS);
  assert.deepEqual(
    s.map((x) => x.label),
    ['TRAIL c = 1', 'FCFS'],
  );
  assert.deepEqual(s[0]?.points, [
    { load: 0.5, simulated: 1.6, theory: 1.5 },
    { load: 0.8, simulated: 3.1, theory: 3 },
  ]);
});

test('CDF series leave out zero times (log axis); memory series only where the run held memory', () => {
  const ttft = cdfSeries(TWO_JOBS, 'ttft');
  assert.deepEqual(ttft[0]?.points, [{ p: 1, value: 2 }]);
  assert.deepEqual(ttft[1]?.points, []);
  const mem = memorySeries(TWO_JOBS);
  assert.equal(mem.length, 1);
  assert.deepEqual(
    mem[0]?.points.map((p) => p.paused),
    [0, 1, 0],
  );
});

test('the reading compares the best TRAIL run with FCFS in plain numbers', () => {
  assert.equal(bestTrail(TWO_JOBS)?.meanLatency, 2.5);
  assert.equal(
    reading(TWO_JOBS),
    'TRAIL c = 1 at load 0.5: mean latency 2.5, 1.2× lower than FCFS (3); mean time to first token 0, ' +
      'lower than FCFS (1).',
  );
  const noTrail = { ...TWO_JOBS, runs: TWO_JOBS.runs.slice(0, 1) };
  assert.equal(reading(noTrail), 'Lowest mean latency at load 0.5: FCFS, 3.');
});

test('labels and numbers', () => {
  assert.equal(runLabel({ policy: 'trail', c: 0.8 }), 'TRAIL c = 0.8');
  assert.equal(runLabel({ policy: 'sjf' }), 'SJF');
  assert.equal(fmt(1234.5678), '1230');
  assert.equal(fmt(0.000012), '1.2e-5');
  assert.equal(fmt(Number.NaN), '–');
});

test('paused memory is counted in KV tokens on a trace and in mean request lengths for generated jobs', () => {
  assert.equal(kvUnit(TWO_JOBS), 'mean request lengths of KV cache');
  assert.equal(kvUnit({ ...TWO_JOBS, mode: 'batched', timeUnit: 's' }), 'KV tokens');
  const paused = {
    ...TWO_JOBS,
    runs: TWO_JOBS.runs.map((r) => ({
      ...r,
      summary: { ...r.summary, meanPausedKv: r.summary.policy === 'trail' ? 0.25 : 0 },
    })),
  };
  const sprpt = {
    ...paused.runs[1]!,
    summary: { ...paused.runs[1]!.summary, policy: 'sprpt' as const, meanPausedKv: 0.5 },
  };
  assert.match(
    reading({ ...paused, runs: [...paused.runs, sprpt] }),
    /Paused requests held 0\.25 mean request lengths of KV cache on average against 0\.5 under SPRPT \(c = 1\)\.$/u,
  );
});
