/**
 * @file Benchmark of the dependencies toolkit: (0) one token's dependencies in a 20 KB file, as "Show Token
 * Dependencies" asks them now (the window that ends at the token) beside the whole-file run it used to make;
 * (1) attention dependencies of a 2,000-token file through our engine code beside lens-lm in PyTorch returning
 * attentions; (2) ablation of a 512-token text through the KV cache (the prefix reused) beside whole windows;
 * (3) peak memory of attention dependencies at 8,000 tokens. Each comparison prints its ratio and a summary row.
 * Run with `npm run bench` (or alone: `BENCH_DEPS=cursor` runs only (0), `BENCH_DEPS=ablation` only (2)).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ablationDependencies,
  type AblationDependencies,
} from '../src/core/analyses/dependencies/ablationDependencies';
import { attentionDependencies } from '../src/core/analyses/dependencies/attentionDependencies';
import {
  loadDependencyModel,
  releaseDependencyModel,
  type DependencyModel,
} from '../src/core/analyses/dependencies/dependencyModel';
import { lineCol, lineStarts } from '../src/core/text/lineCol';
import { DependenciesJobs } from '../src/engine/dependencies/jobs';
import { tokenSlice, type DependenciesParams } from '../src/shared/dependencies';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';
import { median } from './timing';

const ROOT = join(__dirname, '..');
const REPS = Number(process.env['BENCH_REPS'] ?? 3);

function corpus(bytes: number): string {
  const files = [
    'src/core/analyses/dependencies/attentionDependencies.ts',
    'src/host/engineClient.ts',
    'src/core/model/ortModel.ts',
    'src/cli/trees/index.ts',
    'src/core/analyses/trees/ardt.ts',
    'src/core/analyses/trees/traceView.ts',
  ];
  let text = files.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
  while (Buffer.byteLength(text) < bytes) text += text;
  return Buffer.from(text)
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/\uFFFD+$/u, '');
}

/** One token's dependencies in a 20 KB file: the window ending at it, beside the whole-file run of the same request. */
async function cursor(): Promise<void> {
  const jobs = new DependenciesJobs(join(ROOT, 'media', 'models'));
  const text = corpus(20_000);
  const at = text.lastIndexOf('return', Math.floor(text.length * 0.75));
  const request: DependenciesParams = {
    text,
    source: 'bench.ts',
    model: 'lens-lm',
    device: 'cpu',
    allowLocalFiles: false,
    method: 'both',
    p: 0.9,
    k: 32,
    maxTokens: 20_000,
    maps: false,
    at,
  };
  const { start, end } = tokenSlice(text.length, at);
  const origin = { offset: start, ...lineCol(lineStarts(text), start) };
  const part = { ...request, text: text.slice(start, end), origin, scope: 'token' as const };
  const never = new AbortController().signal;
  const quiet = (): void => undefined;
  const attention = await median(() => jobs.run({ ...part, method: 'attention' }, never, quiet), REPS);
  const ablation = await median(() => jobs.run({ ...part, method: 'ablation' }, never, quiet), REPS);
  const token = await median(() => jobs.run(part, never, quiet), REPS);
  const t0 = performance.now();
  const whole = await jobs.run(request, never, quiet);
  const wholeSeconds = (performance.now() - t0) / 1000;
  const one = await jobs.run(part, never, quiet);
  console.log(
    `one token's dependencies in a 20 KB file (${whole.tokens.length} tokens; attention and ablation; lens-lm, ` +
      `${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1) ?? '?'})`,
  );
  console.log(
    `  the window ending at the token (${one.tokens.length} tokens; ${part.text.length} characters sent), ` +
      `median of ${REPS}: ${token.toFixed(2)} s (attention alone ${attention.toFixed(2)} s; ablation alone ` +
      `${ablation.toFixed(2)} s, ${one.ablation?.runs ?? 0} passes)`,
  );
  console.log(
    `  the whole file, as before (attention of every window, ${whole.ablation?.runs ?? 0} ablation passes), ` +
      `once: ${wholeSeconds.toFixed(2)} s`,
  );
  console.log(`  ratio (whole file / window): ${(wholeSeconds / token).toFixed(1)}x`);
  reportRow({
    bench: 'dependencies',
    step: 'one token in 20 KB: window vs whole file',
    ours: token,
    peer: wholeSeconds,
    unit: 's',
    note: 'peer: the whole-file run the command made before',
  });
}

/**
 * Ablation of a 512-token text (every earlier token of each window, both ways, back to back in this process): the
 * prefix method beside whole windows, median times, their ratio (the goal is 2x or more), and the largest difference
 * of the kept effects (they must agree to float rounding).
 */
async function ablation(model: DependencyModel): Promise<void> {
  const short = corpus(512);
  const once = async (cache: 'prefix' | 'none'): Promise<{ seconds: number; r: AblationDependencies }> => {
    const t0 = performance.now();
    const r = await ablationDependencies(model, short, { cache });
    return { seconds: (performance.now() - t0) / 1000, r };
  };
  // Warm-up, then the two methods alternate, so that both see the same load on a shared machine.
  let cached = (await once('prefix')).r;
  let whole = (await once('none')).r;
  const fastTimes: number[] = [];
  const slowTimes: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const a = await once('prefix');
    const b = await once('none');
    [cached, whole] = [a.r, b.r];
    fastTimes.push(a.seconds);
    slowTimes.push(b.seconds);
  }
  const middle = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const fast = middle(fastTimes);
  const slow = middle(slowTimes);
  let worst = 0;
  for (let i = 0; i < cached.topWeights.length; i++)
    worst = Math.max(worst, Math.abs((cached.topWeights[i] ?? NaN) - (whole.topWeights[i] ?? NaN)));
  const sameK = cached.kDelta.every((k, t) => Object.is(k, whole.kDelta[t]));
  const samePositions = cached.topPositions.every((p, i) => p === whole.topPositions[i]);
  console.log(
    `ablation of a 512-token text (lens-lm, windows of ${model.context}, stride ${model.context / 2}; every earlier ` +
      `token of each window, KL of ` +
      `the next-token distribution), median of ${REPS} alternating runs, ${cpus().length} CPUs, load ` +
      `${loadavg()[0]?.toFixed(1) ?? '?'}`,
  );
  console.log(`  today's method (each ablated copy recomputes its window): ${slow.toFixed(2)} s, ${whole.runs} passes`);
  console.log(
    `  prefix through the KV cache (${cached.cache}; only the positions from the removed token on): ` +
      `${fast.toFixed(2)} s, ${cached.runs} passes`,
  );
  console.log(
    `  results: k_delta ${sameK ? 'equal' : 'DIFFER'}, top positions ${samePositions ? 'equal' : 'DIFFER'}, ` +
      `top effects within ${worst.toExponential(1)} nats`,
  );
  const list = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(', ');
  console.log(`  each run, seconds: today's ${list(slowTimes)}; prefix ${list(fastTimes)}`);
  console.log(`  ratio (today's time / prefix time): ${(slow / fast).toFixed(2)}x (goal: 2x or more)`);
  reportRow({
    bench: 'dependencies',
    step: 'ablation 512 tokens: KV-cache prefix vs whole windows',
    ours: fast,
    peer: slow,
    unit: 's',
    goal: 0.5,
    note: `peer: whole windows (before); results ${sameK && samePositions ? 'equal' : 'DIFFER'}`,
  });
}

async function main(): Promise<void> {
  if (process.env['BENCH_DEPS'] === 'ablation') {
    const model = await loadDependencyModel(join(ROOT, 'media', 'models'), 'lens-lm');
    await ablation(model);
    return releaseDependencyModel(model);
  }
  await cursor();
  if (process.env['BENCH_DEPS'] === 'cursor') return;
  const model = await loadDependencyModel(join(ROOT, 'media', 'models'), 'lens-lm');
  const text = corpus(2000);
  const ours = await median(() => attentionDependencies(model, text), REPS);
  const path = join(mkdtempSync(join(tmpdir(), 'lens-deps-')), 'input.ts');
  writeFileSync(path, text);
  const torch = lastJsonLine<{ seconds: number; torch: string; threads: number }>(
    runPeer(join(__dirname, 'dependencies_torch.py'), [path, String(REPS)]),
  );
  console.log(
    `attention dependencies of 2,000 tokens (lens-lm, windows of ${model.context}, stride ${model.context / 2}), ` +
      `median of ${REPS}, ` +
      `${cpus().length} CPUs`,
  );
  console.log(
    `  Model Lens engine (onnxruntime-node; k_p per head and layer, rollout, top-32 rows): ${ours.toFixed(3)} s`,
  );
  console.log(
    `  PyTorch ${torch.torch} (${torch.threads} threads; attentions returned, k_0.9 of layer means only): ` +
      `${torch.seconds.toFixed(3)} s`,
  );
  console.log(`  ratio (PyTorch time / ours): ${(torch.seconds / ours).toFixed(2)}x`);
  reportRow({ bench: 'dependencies', step: 'attention, 2,000 tokens', ours, peer: torch.seconds, unit: 's' });
  await ablation(model);
  const long = corpus(8000);
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = await attentionDependencies(model, long);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `attention dependencies of ${r.ids.length - 1} tokens: ${seconds.toFixed(2)} s, peak RSS ` +
      `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (RSS before ${(before / 2 ** 20).toFixed(0)} MB)`,
  );
  await releaseDependencyModel(model);
}

void main();
