/**
 * @file Benchmark: the Kronecker analysis of one 512 × 512 layer over 4,096 rank-1 per-example gradients
 * (seeded, with a decaying spectrum on both sides, as real activations and output gradients have), by Model Lens
 * (src/core/analyses/kronecker/, GEMMs on onnxruntime's float64 kernels, eigendecompositions by ml-matrix) and
 * by numpy running the same algorithm (bench/kronecker_numpy.py, Debian's python3-numpy on OpenBLAS, float64):
 * L and R, their eigendecompositions, ‖H‖_F exactly by Gram blocks, a fixed number of power steps (tolerance 0,
 * so both sides do the same work) and the Shampoo cosine. Prints the best of BENCH_REPEATS (default 2) runs of
 * each phase and of the whole, the ratio ours / numpy, and both sides' cosines, which agree to about 1e-12.
 * Run with `node --import tsx bench/kronecker.bench.ts` (BENCH_KRON_EXAMPLES, BENCH_KRON_STEPS to change the size).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeStack } from '../src/core/analyses/kronecker/analyze';
import { hNormSquaredExact } from '../src/core/analyses/kronecker/hNorm';
import { inner } from '../src/core/analyses/kronecker/matrices';
import { powerIteration } from '../src/core/analyses/kronecker/power';
import { rearrangedH } from '../src/core/analyses/kronecker/rearranged';
import { factorsOf } from '../src/core/analyses/kronecker/stack';
import type { GradientStack } from '../src/core/analyses/kronecker/types';
import { powerOf } from '../src/core/numerics/eig';
import { eigOffThread } from '../src/engine/kronecker/eig';
import { rngSeeded } from '../src/core/random/rng';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';
import { best } from './timing';

const M = 512;
const N = 512;
const COUNT = Number(process.env['BENCH_KRON_EXAMPLES'] ?? 4096);
const STEPS = Number(process.env['BENCH_KRON_STEPS'] ?? 10);
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 2);

interface PyResult {
  numpy: string;
  blas: string;
  total: number;
  seconds: Record<string, number>;
  result: { optimal: number; shampooSquared: number; shampoo: number; steps: number[]; hNorm: number };
}

/** Rows of uniform numbers in [−1, 1), column j scaled by 1/√(j + 1). */
function decaying(count: number, width: number, seed: number): Float64Array {
  const next = rngSeeded(seed);
  const out = new Float64Array(count * width);
  for (let i = 0; i < count; i++)
    for (let j = 0; j < width; j++) out[i * width + j] = (next() * 2 - 1) / Math.sqrt(j + 1);
  return out;
}

type Phases = Record<string, number>;

/** The analysis phase by phase (the functions analyzeStack calls), timing each. */
async function phases(s: GradientStack): Promise<Phases> {
  const seconds: Phases = {};
  const timed = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const value = await fn();
    seconds[name] = (performance.now() - t0) / 1000;
    return value;
  };
  const op = rearrangedH(s);
  const [l, r] = await timed('L, R', async () => [await op.applyR(null), await op.applyRT(null)] as const);
  // As the engine runs them: ml-matrix on two worker threads at once.
  const [el, er] = await timed('eigh L, R', () => Promise.all([eigOffThread(l), eigOffThread(r)]));
  const h = Math.sqrt(await timed('|H| exact', () => hNormSquaredExact(factorsOf(s))));
  await timed('power steps', () => powerIteration(op, { l, r }, h, { maxSteps: STEPS, tolerance: 0 }));
  await timed('Shampoo', async () => {
    const rRoot = await powerOf(er, 0.5, { floor: 0 });
    return inner(await powerOf(el, 0.5, { floor: 0 }), await op.applyR(rRoot));
  });
  return seconds;
}

function writeStack(s: Extract<GradientStack, { kind: 'rank1' }>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lens-kron-bench-')), 'uv.f64');
  const all = new Float64Array(3 + s.u.length + s.v.length);
  all.set([s.count, s.m, s.n]);
  all.set(s.u, 3);
  all.set(s.v, 3 + s.u.length);
  writeFileSync(path, new Uint8Array(all.buffer));
  return path;
}

async function main(): Promise<void> {
  const stack = {
    kind: 'rank1',
    name: 'bench',
    m: M,
    n: N,
    count: COUNT,
    u: decaying(COUNT, M, 1),
    v: decaying(COUNT, N, 2),
  } as const;
  const path = writeStack(stack);
  const fastest: Phases = {};
  const whole = await best(async () => {
    for (const [k, x] of Object.entries(await phases(stack))) fastest[k] = Math.min(fastest[k] ?? Infinity, x);
  }, REPEATS);
  const ours = await analyzeStack(stack, { maxSteps: STEPS, tolerance: 0, hNorm: 'exact' });
  const py = lastJsonLine<PyResult>(
    runPeer(join(__dirname, 'kronecker_numpy.py'), [path, String(STEPS), String(REPEATS)], { numpy: true }),
  );
  rmSync(path, { force: true });
  const p = py.result;
  const diff = Math.max(
    Math.abs(ours.cosOptimal - p.optimal),
    Math.abs(ours.cosShampooSquared - p.shampooSquared),
    Math.abs(ours.cosShampoo - p.shampoo),
  );
  console.log(
    `Kronecker analysis, ${M} × ${N} layer, ${COUNT} rank-1 examples, ${STEPS} power steps, best of ${REPEATS}`,
  );
  console.log(`numpy ${py.numpy} (${py.blas})`);
  const cosines = [ours.cosOptimal, ours.cosShampooSquared, ours.cosShampoo].map((c) => c.toFixed(6)).join('/');
  const note = `cosines optimal/Shampoo²/Shampoo ${cosines}, max diff to numpy ${diff.toExponential(1)}`;
  const rows: [string, number, number][] = [
    ...Object.keys(py.seconds).map((k): [string, number, number] => [k, fastest[k] ?? NaN, py.seconds[k] ?? NaN]),
    ['whole analysis', whole.seconds, py.total],
  ];
  for (const [step, mine, theirs] of rows) {
    console.log(
      `  ${step.padEnd(16)} Model Lens ${mine.toFixed(3)} s, numpy ${theirs.toFixed(3)} s, ` +
        `ratio ours/numpy ${(mine / theirs).toFixed(2)}`,
    );
    reportRow({
      bench: 'kronecker',
      step: `${step}, ${M}² × ${COUNT}`,
      ours: mine,
      peer: theirs,
      unit: 's',
      ...(step === 'whole analysis' ? { note } : {}),
    });
  }
  console.log(`  ${note}`);
}

void main();
