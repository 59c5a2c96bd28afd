/**
 * @file Benchmark: the cost of a longer window for lens-lm. The same model scores the same 4 KB file with a
 * window of 1,024 tokens (the window lens-lm ships with) and of 256 (its window before, and its first training
 * stage's), the context overridden and nothing else changed (the time does not depend on the weights): surprisal of
 * the whole file, attention dependencies of the whole file, and one token's ablation dependencies (what "Show Token
 * Dependencies" measures: the window that ends at the token), whole and within the default reach. Prints the median
 * times and the ratio (1,024 / 256) of each, and one summary row each. Not in the default run (minutes on 2 cores):
 * run it with `BENCH_ONLY=window npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ablationDependencies } from '../src/core/analyses/dependencies/ablationDependencies';
import { attentionDependencies } from '../src/core/analyses/dependencies/attentionDependencies';
import {
  loadDependencyModel,
  releaseDependencyModel,
  type DependencyModel,
} from '../src/core/analyses/dependencies/dependencyModel';
import { analyseSurprisal } from '../src/core/analyses/surprisal/analyseSurprisal';
import { loadModel } from '../src/core/model/loadModel';
import type { CausalLM } from '../src/core/model/types';
import { DEFAULT_ABLATION_REACH } from '../src/shared/dependencies';
import { reportRow } from './summary';
import { median } from './timing';

const ROOT = join(__dirname, '..');
const MODELS = join(ROOT, 'media', 'models');
const REPS = Number(process.env['BENCH_REPS'] ?? 3);
const SHORT = 256;
const LONG = 1024;
const BYTES = 4096;

/** 4 KB of this project's TypeScript (ASCII, so bytes, characters and lens-lm tokens agree). */
function file(): string {
  const sources = ['src/core/analyses/surprisal/analyseSurprisal.ts', 'src/core/model/ortModel.ts'];
  const text = sources.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
  return text.replace(/[^\n\x20-\x7e]/gu, ' ').slice(0, BYTES);
}

/** Times `run` with windows of LONG and SHORT, prints both and their ratio, and reports a row. */
async function compare(step: string, run: (context: number) => Promise<unknown>, reps = REPS): Promise<void> {
  const slow = await median(() => run(LONG), reps);
  const fast = await median(() => run(SHORT), reps);
  console.log(
    `  ${step}: window ${LONG} ${slow.toFixed(3)} s, window ${SHORT} ${fast.toFixed(3)} s, ` +
      `ratio ${(slow / fast).toFixed(2)}x`,
  );
  reportRow({
    bench: 'window',
    step: `${step}, ${LONG} vs ${SHORT}`,
    ours: slow,
    peer: fast,
    unit: 's',
    note: `peer: the same model with a window of ${SHORT}`,
  });
}

/**
 * The ablation of one token's window (the token at the end of `text` and the context - 1 bytes before it), of the
 * `reach` tokens before it (the whole window when absent).
 */
async function oneToken(model: DependencyModel, text: string, context: number, reach?: number): Promise<void> {
  const part = text.slice(text.length - context + 1);
  const n = part.length + 1;
  await ablationDependencies({ ...model, context }, part, {
    targets: { from: n - 1, to: n },
    ...(reach !== undefined ? { reach } : {}),
  });
}

async function main(): Promise<void> {
  const text = file();
  const lm: CausalLM = await loadModel('lens-lm', { modelsDir: MODELS, device: 'cpu', log: () => undefined });
  const model = await loadDependencyModel(MODELS, 'lens-lm');
  console.log(
    `lens-lm on a ${text.length}-byte file, windows of ${LONG} vs ${SHORT} (the context overridden), ` +
      `median of ${REPS}, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1) ?? '?'}`,
  );
  await compare('surprisal, whole file', (context) => analyseSurprisal({ ...lm, context }, text));
  await compare('attention dependencies, whole file', (context) => attentionDependencies({ ...model, context }, text));
  // One timed run each (after one untimed): the 1,023 ablation passes of the longer window take minutes.
  await compare('ablation dependencies of the last token', (context) => oneToken(model, text, context), 1);
  // What "Show Token Dependencies" runs: the nearest DEFAULT_ABLATION_REACH tokens (all 255 of the shorter window).
  await compare(
    `ablation dependencies of the last token, reach ${DEFAULT_ABLATION_REACH}`,
    (context) => oneToken(model, text, context, DEFAULT_ABLATION_REACH),
    1,
  );
  await lm.dispose();
  await releaseDependencyModel(model);
}

void main();
