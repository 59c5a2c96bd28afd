/**
 * @file Benchmark: fitting the compute law L(N,D) = ((A/N)^(α/β) + B/D)^β + E to 500 synthetic runs (seeded,
 * 1% multiplicative noise) from the paper's 16 starts, ours (ml-levenberg-marquardt on the Huber roots, analytic
 * Jacobian) beside scipy's least_squares (loss='huber', f_scale=1e-3, 'trf', analytic Jacobian) on the same runs,
 * objective, starts and bounds. Prints both times (best of 3), their ratio, both fits and their mean Huber losses,
 * and a summary row. Run with `BENCH_ONLY=scaling npm run bench`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitComputeLaw, type LawFit, type LawPoint } from '../src/core/analyses/scaling/computeFit';
import { computeLoss } from '../src/core/analyses/scaling/laws';
import { rngSeeded } from '../src/core/random/rng';
import type { ComputeLaw } from '../src/shared/scaling';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 500);
const REPEATS = 3;
const TRUTH: ComputeLaw = { A: 4e8, B: 2e9, E: 1.7, alpha: 0.34, beta: 0.28 };

/** RUNS runs with N and D log-uniform over [1e7, 2e9] × [1e8, 1e11] and 1% log-normal-ish noise on the loss. */
function runs(): LawPoint[] {
  const next = rngSeeded(14);
  const logUniform = (lo: number, hi: number): number => Math.exp(Math.log(lo) + next() * Math.log(hi / lo));
  return Array.from({ length: RUNS }, (_, i) => {
    const N = logUniform(1e7, 2e9);
    const D = logUniform(1e8, 1e11);
    const noise = 0.01 * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return { where: `run ${i}`, N, D, C: 6 * N * D, loss: computeLoss(TRUTH, N, D) * Math.exp(noise) };
  });
}

function ours(points: readonly LawPoint[]): { seconds: number; fit: LawFit<ComputeLaw> } {
  let seconds = Number.POSITIVE_INFINITY;
  let fit: LawFit<ComputeLaw> | undefined;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    fit = fitComputeLaw(points);
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  if (!fit) throw new Error('no fit');
  return { seconds, fit };
}

const lawText = (l: ComputeLaw): string =>
  `A ${l.A.toExponential(4)}, B ${l.B.toExponential(4)}, E ${l.E.toFixed(5)}, ` +
  `alpha ${l.alpha.toFixed(5)}, beta ${l.beta.toFixed(5)}`;

function main(): void {
  const points = runs();
  const path = join(mkdtempSync(join(tmpdir(), 'lens-scaling-')), 'runs.json');
  writeFileSync(
    path,
    JSON.stringify({ N: points.map((p) => p.N), D: points.map((p) => p.D), loss: points.map((p) => p.loss) }),
  );
  const a = ours(points);
  const s = lastJsonLine<{ seconds: number; law: ComputeLaw; huber: number; scipy: string }>(
    runPeer(join(__dirname, 'scaling_scipy.py'), [path, String(REPEATS)]),
  );
  console.log(
    `compute law L(N,D) on ${RUNS} synthetic runs, 16 starts, Huber (delta 1e-3) on log losses, best of ${REPEATS}`,
  );
  console.log(`  truth:            ${lawText(TRUTH)}`);
  console.log(
    `  Model Lens (LM):  ${a.seconds.toFixed(3)} s, ${lawText(a.fit.law)}, ` +
      `mean Huber ${a.fit.huber.toExponential(6)}`,
  );
  console.log(
    `  scipy ${s.scipy} least_squares: ${s.seconds.toFixed(3)} s, ${lawText(s.law)}, ` +
      `mean Huber ${s.huber.toExponential(6)}`,
  );
  console.log(`  time ratio ours/scipy: ${(a.seconds / s.seconds).toFixed(2)}`);
  const note =
    `mean Huber ours ${a.fit.huber.toExponential(4)}, scipy ${s.huber.toExponential(4)}; ` +
    `E ${a.fit.law.E.toFixed(4)} vs ${s.law.E.toFixed(4)}`;
  reportRow({
    bench: 'scaling',
    step: `compute law, ${RUNS} runs, 16 starts`,
    ours: a.seconds,
    peer: s.seconds,
    unit: 's',
    note,
  });
}

main();
