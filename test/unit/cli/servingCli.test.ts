import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { cliRefuses, ensureBuilt, FIXTURES, runCli } from '../helpers';

const THREE = join(FIXTURES, 'serving', 'three-jobs.csv');
const cli = (...args: string[]) => runCli('serve-sim', ...args);

interface Row {
  policy: string;
  c?: number;
  meanLatency: number;
  p50: number;
  p99: number;
  meanTtft: number;
  preemptionsPerJob: number;
  theory?: number;
}

function json(...args: string[]): { runs: Row[]; rho?: number; notes: string[]; loads?: unknown[] } {
  const r = cli(...args, '--json');
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { runs: Row[]; rho?: number; notes: string[] };
}

/** Expects serve-sim to exit 2 with one line on stderr matching `pattern`. */
const refuses = (args: string[], pattern: RegExp): void => cliRefuses(['serve-sim', ...args], pattern);

before(() => ensureBuilt());

test('serve-sim on three hand-worked jobs: per policy and c the latency, TTFT and preemptions', () => {
  const r = json(THREE, '--cost', 'mg1', '--rate', '1', '--policies', 'fcfs,sprpt,trail', '--c', '0.5,0.2');
  // Arrivals 0, 1, 1.5, sizes 4, 1, 1 (worked out in test/unit/engine/servingEngine.test.ts); x 6 to compare exactly.
  const rows = r.runs.map((s) => [s.policy, s.c, Math.round(6 * s.meanLatency), Math.round(6 * s.meanTtft)]);
  assert.deepEqual(rows, [
    ['fcfs', undefined, 25, 13],
    ['sprpt', undefined, 17, 1],
    ['trail', 0.5, 17, 1],
    ['trail', 0.2, 25, 13],
  ]);
  // SPRPT preempts job 0 once (at t = 1) over three jobs.
  assert.ok(Math.abs((r.runs[1]?.preemptionsPerJob ?? 0) - 1 / 3) < 1e-12);
  for (const key of ['p50', 'p99', 'preemptionsPerJob']) assert.ok(key in (r.runs[0] ?? {}));
});

test('serve-sim --mg1 prints the closed form per run: FCFS at ρ = 0.5 with exponential sizes is 2', () => {
  const r = json('--mg1', '--rho', '0.5', '--jobs', '20000', '--policies', 'fcfs,sjf', '--seed', '3');
  assert.equal(r.rho, 0.5);
  assert.equal(r.runs[0]?.theory, 2);
  assert.ok(Math.abs((r.runs[0]?.meanLatency ?? 0) / 2 - 1) < 0.08);
  assert.ok((r.runs[1]?.theory ?? 0) < 2);
  const text = cli('--mg1', '--rho', '0.5', '--jobs', '2000', '--policies', 'fcfs');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /policy +mean +p50 +p99 +mean TTFT +preempt\/j +theory\nfcfs .* 2\.000\n/u);
});

test('serve-sim --loads on a trace: mean latency at multiples of its rate', () => {
  const r = json(THREE, '--cost', 'mg1', '--rate', '4', '--policies', 'fcfs', '--loads', '0.5,1');
  assert.equal(r.loads?.length, 2);
});

test('bad input: load ≥ 1 says the queue is unstable; no trace; bad flags; a missing file', () => {
  refuses(['--mg1', '--rho', '1'], /load ≥ 1: the queue is unstable \(--rho 1\)/u);
  refuses(['--mg1', '--loads', '0.5,1.2'], /load ≥ 1: the queue is unstable \(--loads 1\.2\)/u);
  refuses([], /Name a trace file, or give --mg1/u);
  refuses([THREE, '--mg1'], /Give a trace file or --mg1, not both/u);
  refuses(['--mg1', '--predictions', 'noisy:x'], /--predictions must be perfect, noisy:SIGMA/u);
  refuses(['--mg1', '--policies', 'fcfs,lifo'], /--policies must be one of fcfs, sjf, sprpt, trail, not "lifo"/u);
  refuses(['--mg1', '--c', '0.5,1.5'], /--c takes values of c in \(0, 1\]/u);
  refuses([join(FIXTURES, 'serving', 'nope.csv')], /nope\.csv does not exist/u);
});

test('serve-sim --rps rescales a trace: arrivals 0, 1, 1.5 at 2 per second become 0, 2/3, 1', () => {
  const r = json(THREE, '--cost', 'mg1', '--policies', 'fcfs', '--rps', '2');
  // FCFS at rate 1: finishes 4, 5, 6 → latencies 4, 5 − 2/3, 5.
  assert.ok(Math.abs((r.runs[0]?.meanLatency ?? 0) - (14 - 2 / 3) / 3) < 1e-12);
  assert.match(r.notes.join(' '), /Arrivals rescaled to 2 requests per second on average/u);
  refuses([THREE, '--rps', '0'], /--rps must be requests per second, up to 1e6, not "0"/u);
});

test('serve-sim --full prints the whole result (CDFs, Gantt window), and --out x.html writes a report with it', () => {
  const full = cli(THREE, '--cost', 'mg1', '--policies', 'fcfs', '--full', '--json');
  assert.equal(full.status, 0, full.stderr);
  const r = JSON.parse(full.stdout) as { runs: { latency: unknown[]; segments: unknown[] }[]; windowJobs: unknown[] };
  assert.equal(r.runs[0]?.latency.length, 101);
  assert.ok((r.runs[0]?.segments.length ?? 0) > 0);
  assert.equal(r.windowJobs.length, 3);
  const out = join(mkdtempSync(join(tmpdir(), 'lens-serve-')), 'report.html');
  const html = cli(THREE, '--cost', 'mg1', '--policies', 'fcfs', '--out', out);
  assert.equal(html.status, 0, html.stderr);
  assert.match(readFileSync(out, 'utf8'), /serving\.simulate/u);
});
