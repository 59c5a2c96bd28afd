/**
 * @file Benchmark: 10⁶ M/G/1 jobs (load 0.8, exponential sizes of mean 1, perfect predictions) through the
 * serving simulator (flatqueue, typed arrays) per policy (fcfs, sjf, sprpt, trail at c = 0.8), beside the same
 * event loop on plain heapq in Debian's Python (bench/serving_heapq.py) on the same jobs. Prints both times (best
 * of BENCH_SERVING_REPEATS, default 2), their ratio, both mean latencies (equal: the same schedule) and the
 * closed form's, and a summary row per policy. Run with `BENCH_ONLY=serving npm run bench`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../src/core/analyses/serving/simulate';
import { mg1MeanResponse } from '../src/core/analyses/serving/theory';
import type { PolicySpec, SimOptions, Workload } from '../src/core/analyses/serving/types';
import { mg1Workload } from '../src/core/analyses/serving/workload';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';

const JOBS = Number(process.env['BENCH_SERVING_JOBS'] ?? 1_000_000);
const REPEATS = Number(process.env['BENCH_SERVING_REPEATS'] ?? 2);
const RHO = 0.8;
const C = 0.8;
const SPECS: readonly PolicySpec[] = [
  { policy: 'fcfs' },
  { policy: 'sjf' },
  { policy: 'sprpt' },
  { policy: 'trail', c: C },
];
const OPTIONS: SimOptions = { cost: { mode: 'mg1', rate: 1 }, predictions: { kind: 'perfect' }, seed: 1 };

/** Best time of REPEATS runs of one policy, and its mean latency (summed in index order, as the peer sums). */
async function ours(w: Workload, spec: PolicySpec): Promise<{ seconds: number; mean: number }> {
  let seconds = Infinity;
  let mean = NaN;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    const run = await simulate(w, spec, OPTIONS);
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
    let total = 0;
    for (let i = 0; i < JOBS; i++) total += (run.finish[i] ?? 0) - (w.arrival[i] ?? 0);
    mean = total / JOBS;
  }
  return { seconds, mean };
}

/** The workload as the peer reads it: n, the arrival times, the sizes (float64). */
function writeWorkload(w: Workload): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lens-serving-')), 'jobs.f64');
  const all = new Float64Array(1 + 2 * JOBS);
  all[0] = JOBS;
  all.set(w.arrival, 1);
  all.set(w.size, 1 + JOBS);
  writeFileSync(path, new Uint8Array(all.buffer));
  return path;
}

async function main(): Promise<void> {
  const w = mg1Workload({ rho: RHO, jobs: JOBS, seed: 7, sizes: { kind: 'exponential' } });
  const path = writeWorkload(w);
  const mine: { seconds: number; mean: number }[] = [];
  for (const spec of SPECS) mine.push(await ours(w, spec));
  const py = lastJsonLine<{ python: string; policies: Record<string, { seconds: number; mean: number }> }>(
    runPeer(join(__dirname, 'serving_heapq.py'), [
      path,
      SPECS.map((s) => s.policy).join(','),
      String(C),
      String(REPEATS),
    ]),
  );
  console.log(`${JOBS} M/G/1 jobs, load ${RHO}, exponential sizes, perfect predictions, best of ${REPEATS}`);
  SPECS.forEach((spec, k) => {
    const a = mine[k] ?? { seconds: NaN, mean: NaN };
    const p = py.policies[spec.policy] ?? { seconds: NaN, mean: NaN };
    const theory = mg1MeanResponse(spec, {
      rho: RHO,
      sizes: { kind: 'exponential' },
      predictions: OPTIONS.predictions,
    });
    const name = spec.policy === 'trail' ? `trail c=${C}` : spec.policy;
    console.log(
      `  ${name.padEnd(12)} Model Lens ${a.seconds.toFixed(3)} s, ` +
        `Python ${py.python} heapq ${p.seconds.toFixed(3)} s, ` +
        `ratio ours/heapq ${(a.seconds / p.seconds).toFixed(3)}; mean latency ${a.mean.toFixed(6)} vs ` +
        `${p.mean.toFixed(6)} (${a.mean === p.mean ? 'equal' : 'DIFFERENT'}), theory ${theory.toFixed(6)}`,
    );
    reportRow({
      bench: 'serving',
      step: `${name}, ${JOBS} M/G/1 jobs`,
      ours: a.seconds,
      peer: p.seconds,
      unit: 's',
      note: `mean latency ${a.mean.toFixed(6)} vs heapq ${p.mean.toFixed(6)}, theory ${theory.toFixed(4)}`,
    });
  });
}

void main();
