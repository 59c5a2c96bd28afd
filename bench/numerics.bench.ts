/**
 * @file Benchmark of the numerics module beside numpy (bench/numerics_numpy.py, Debian's python3-numpy on
 * OpenBLAS): float32 GEMM at 256, 1,024 and 4,096 through onnxruntime's kernels; the truncated SVD of a
 * 4,096 × 1,024 matrix at rank 16 (subspace iteration, products on the kernel) beside numpy's full SVD and
 * scikit-learn's randomized SVD; the eigendecomposition of a 1,024 × 1,024 symmetric matrix (ml-matrix)
 * beside numpy's eigh; and the crossover between the plain TypeScript product and the kernel, which sets
 * PLAIN_MAX_WORK in src/core/numerics/gemm.ts. Both sides read the same matrices and their results are
 * compared. Run with `node --import tsx bench/numerics.bench.ts`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eigSymmetric } from '../src/core/numerics/eig';
import { matmul, PLAIN_MAX_WORK } from '../src/core/numerics/gemm';
import { truncatedSvd } from '../src/core/numerics/svd';
import type { Dense } from '../src/core/numerics/types';
import { rngSeeded } from '../src/core/random/rng';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';
import { best } from './timing';

const REPEATS = 3;
const GEMM = [256, 1024, 4096];
const SVD: [number, number, number] = [4096, 1024, 16];
const EIG = 1024;

interface PyResult {
  numpy: string;
  blas: string;
  seconds: Record<string, number>;
  check: Record<string, number | number[]>;
}

function random32(rows: number, cols: number, seed: number): Dense<Float32Array> {
  const next = rngSeeded(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => next() * 2 - 1) };
}

/** (I − 2uuᵀ)[:, :n]·diag(s)·(I − 2vvᵀ) for unit u, v: a matrix whose singular values are s. */
function knownSpectrum(m: number, n: number, s: (i: number) => number, seed: number): Dense<Float32Array> {
  const next = rngSeeded(seed);
  const unit = (len: number): Float64Array => {
    const x = Float64Array.from({ length: len }, () => next() - 0.5);
    const norm = Math.hypot(...x);
    return x.map((v) => v / norm);
  };
  const [u, v] = [unit(m), unit(n)];
  const d = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let c = 0; c < n; c++) d[j * n + c] = s(j) * ((j === c ? 1 : 0) - 2 * v[j]! * v[c]!);
  const utd = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let c = 0; c < n; c++) utd[c]! += u[j]! * d[j * n + c]!;
  const data = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < n; c++) data[i * n + c] = (i < n ? d[i * n + c]! : 0) - 2 * u[i]! * utd[c]!;
  }
  return { rows: m, cols: n, data };
}

function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

function maxRelative(x: ArrayLike<number>, y: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!) / Math.max(Math.abs(y[0]!), 1e-300));
  return d;
}

function row(name: string, ours: number, peer: number | undefined, check: string, goal?: number): void {
  reportRow({
    bench: 'numerics',
    step: name.trim(),
    ours,
    ...(peer === undefined ? {} : { peer }),
    unit: 's',
    ...(goal === undefined ? {} : { goal }),
    note: check.slice(0, 200),
  });
  const ratio = peer === undefined ? '-' : `${(ours / peer).toFixed(2)}x`;
  const p = peer === undefined ? '-' : `${peer.toFixed(4)} s`;
  console.log(
    `  ${name.padEnd(34)} ${`${ours.toFixed(4)} s`.padStart(11)} ${p.padStart(11)} ${ratio.padStart(9)}   ${check}`,
  );
}

/** Seconds of the plain product and of the kernel for n × n × n, best of many. */
async function crossover(): Promise<void> {
  console.log('\nPlain TypeScript against the kernel, n × n by n × n float32 (sets PLAIN_MAX_WORK):');
  for (const n of [8, 16, 20, 24, 32, 64, 128]) {
    const a = random32(n, n, n);
    const b = random32(n, n, n + 1);
    const reps = Math.max(20, Math.round(2e7 / n ** 3));
    await best(() => matmul(a, b, { path: 'plain' }), 3);
    await best(() => matmul(a, b, { path: 'kernel' }), 3);
    const time = async (path: 'plain' | 'kernel'): Promise<number> => {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) await matmul(a, b, { path });
      return (performance.now() - t0) / reps / 1000;
    };
    const [p, k] = [await time('plain'), await time('kernel')];
    const faster = p <= k ? 'plain' : 'kernel';
    const mark = n ** 3 <= PLAIN_MAX_WORK ? 'plain' : 'kernel';
    console.log(
      `  n = ${String(n).padStart(3)}: plain ${(p * 1e3).toFixed(3)} ms, kernel ${(k * 1e3).toFixed(3)} ms; ` +
        `faster: ${faster}; chosen by PLAIN_MAX_WORK: ${mark}`,
    );
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lens-numerics-bench-'));
  try {
    const ours: Record<string, { seconds: number; check: number | number[] }> = {};
    for (const n of GEMM) {
      const a = random32(n, n, 1);
      const b = random32(n, n, 2);
      writeFileSync(join(dir, `gemm${n}_a.f32`), a.data);
      writeFileSync(join(dir, `gemm${n}_b.f32`), b.data);
      await matmul(a, b);
      const r = await best(() => matmul(a, b), n < 4096 ? REPEATS : 2);
      ours[`gemm ${n}`] = { seconds: r.seconds, check: sum(r.value.data) };
    }
    const [m, n, k] = SVD;
    const x = knownSpectrum(m, n, (i) => 10 * 0.97 ** i, 3);
    writeFileSync(join(dir, 'svd.f32'), x.data);
    const svd = await best(() => truncatedSvd(x, k));
    ours['svd'] = { seconds: svd.seconds, check: [...svd.value.s] };
    const g = random32(EIG, EIG, 4);
    const sym = await matmul(
      { ...g, data: Float64Array.from(g.data) },
      { ...g, data: Float64Array.from(g.data) },
      { transB: true },
    );
    writeFileSync(join(dir, 'eig.f64'), sym.data);
    const eig = await best(() => eigSymmetric(sym), 1);
    ours['eig'] = { seconds: eig.seconds, check: [...eig.value.values] };
    const args = JSON.stringify({ dir, gemm: GEMM, svd: SVD, eig: EIG, repeats: REPEATS });
    const py = lastJsonLine<PyResult>(runPeer(join(__dirname, 'numerics_numpy.py'), [args], { numpy: true }));
    report(ours, py);
    await crossover();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(ours: Record<string, { seconds: number; check: number | number[] }>, py: PyResult): void {
  console.log(`Numerics beside numpy ${py.numpy} (${py.blas}); best of ${REPEATS} (4,096 GEMM: 2; eig: 1)`);
  console.log(
    `  ${'case'.padEnd(34)} ${'Model Lens'.padStart(11)} ${'numpy'.padStart(11)} ` +
      `${'ours/numpy'.padStart(9)}   agreement`,
  );
  for (const size of GEMM) {
    const name = `gemm ${size}`;
    const o = ours[name]!;
    const flops = (2 * size ** 3) / o.seconds / 1e9;
    const sums = `${(o.check as number).toPrecision(7)} / ${(py.check[name] as number).toPrecision(7)}`;
    const c = `sum ${sums}, ${flops.toFixed(0)} GFLOP/s`;
    row(`${name} × ${size} float32`, o.seconds, py.seconds[name], c, size >= 1024 ? 1.5 : undefined);
  }
  const s = ours['svd']!;
  const [m, n, k] = SVD;
  const svdDiff = maxRelative(s.check as number[], py.check['svd'] as number[]);
  const vsFull = `top-${k} σ max rel. diff ${svdDiff.toExponential(1)}`;
  row(`svd ${m}×${n} rank ${k} vs full svd`, s.seconds, py.seconds['svd'], vsFull);
  const rs = py.seconds['svd (scikit-learn randomized)'];
  if (rs !== undefined) {
    const rd = maxRelative(py.check['svd (scikit-learn randomized)'] as number[], py.check['svd'] as number[]);
    row(`  vs scikit-learn randomized_svd`, s.seconds, rs, `its σ max rel. diff to full ${rd.toExponential(1)}`);
  }
  const e = ours['eig']!;
  const eigDiff = maxRelative(e.check as number[], py.check['eig'] as number[]);
  const ed = `eigenvalues max rel. diff ${eigDiff.toExponential(1)}`;
  row(`eig ${EIG}×${EIG} symmetric (eigh)`, e.seconds, py.seconds['eig'], ed);
}

void main();
