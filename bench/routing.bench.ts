/**
 * @file Benchmark: the per-layer routing statistics (softmax, top-k with renormalised gates, loads, fractions,
 * mean probabilities, auxiliary loss, CV, normalised entropy, dead experts) of T = 200,000 tokens and E = 16
 * experts of seeded random router logits, top-2, by Model Lens (src/core/analyses/routing/routingStats.ts) and by
 * numpy (bench/routing_numpy.py, vectorised, Debian's python3-numpy). Prints the best of BENCH_REPEATS (default 3)
 * runs of each, the ratio ours / numpy, and checks both sides agree (loads exactly, summaries to 1e-9).
 * Run with `node --import tsx bench/routing.bench.ts` (BENCH_ROUTING_TOKENS, BENCH_ROUTING_EXPERTS to resize).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { routeLayer } from '../src/core/analyses/routing/routingStats';
import { rngSeeded } from '../src/core/random/rng';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';
import { best } from './timing';

const T = Number(process.env['BENCH_ROUTING_TOKENS'] ?? 200_000);
const E = Number(process.env['BENCH_ROUTING_EXPERTS'] ?? 16);
const K = 2;
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 3);

interface PyResult {
  numpy: string;
  blas: string;
  seconds: number;
  result: { counts: number[]; auxLoss: number; cv: number; entropy: number; dead: number[]; topkHead: number[][] };
}

/** Router logits [T, E]: normal-ish scores (sum of three uniforms) plus a per-expert bias, so loads differ. */
function logits(seed: number): Float32Array {
  const next = rngSeeded(seed);
  const z = new Float32Array(T * E);
  for (let t = 0; t < T; t++) for (let e = 0; e < E; e++) z[t * E + e] = next() + next() + next() - 1.5 + (0.4 * e) / E;
  return z;
}

function writeLogits(z: Float32Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lens-routing-bench-')), 'z.bin');
  const head = new Uint8Array(Int32Array.from([T, E]).buffer);
  writeFileSync(path, Buffer.concat([head, new Uint8Array(z.buffer)]));
  return path;
}

async function main(): Promise<void> {
  const z = logits(1);
  const path = writeLogits(z);
  const ours = routeLayer(z, T, E, K);
  const timed = await best(() => routeLayer(z, T, E, K), REPEATS);
  const py = lastJsonLine<PyResult>(runPeer(join(__dirname, 'routing_numpy.py'), [path, String(K), String(REPEATS)]));
  rmSync(path, { force: true });
  const p = py.result;
  const same = JSON.stringify(ours.counts) === JSON.stringify(p.counts);
  const diff = Math.max(
    Math.abs(ours.auxLoss - p.auxLoss),
    Math.abs(ours.cv - p.cv),
    Math.abs(ours.entropy - p.entropy),
  );
  const head = JSON.stringify(Array.from(ours.topk.subarray(0, 4 * K))) === JSON.stringify(p.topkHead.flat());
  if (!same || !head || diff > 1e-9)
    throw new Error(`Model Lens and numpy disagree: counts ${same}, top-k ${head}, ${diff}`);
  console.log(`Routing statistics, ${T} tokens × ${E} experts, top-${K}, best of ${REPEATS}`);
  console.log(`numpy ${py.numpy} (${py.blas})`);
  const note =
    `aux ${ours.auxLoss.toFixed(6)}, CV ${ours.cv.toFixed(6)}, entropy ${ours.entropy.toFixed(6)}; ` +
    `loads identical, summaries within ${diff.toExponential(1)}`;
  const ratio = timed.seconds / py.seconds;
  console.log(
    `  routing stats    Model Lens ${timed.seconds.toFixed(3)} s, numpy ${py.seconds.toFixed(3)} s, ` +
      `ratio ours/numpy ${ratio.toFixed(2)}`,
  );
  console.log(`  ${note}`);
  reportRow({
    bench: 'routing',
    step: `stats, ${T} × ${E}, top-${K}`,
    ours: timed.seconds,
    peer: py.seconds,
    unit: 's',
    note,
  });
}

void main();
