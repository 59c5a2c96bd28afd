/**
 * @file Benchmark of the copy probe: the probe's copy tasks on a source file (spans of 8, 32 and 64 tokens, 64
 * each, drawn as the probe draws them) scored by lens-lm through our engine code (`scoreAnswers`, as the probe
 * scores them) beside the same weights in PyTorch (bench/copying_torch.py), which must agree on string and token
 * accuracy and on bits per token. Prints tasks per second of each and their ratio, and one summary row. Run with
 * `npm run bench` or `BENCH_ONLY=copying npm run bench`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { copySpans } from '../src/core/analyses/copying/tasks';
import { accuracies, meanBits } from '../src/core/analyses/copying/summary';
import { scoreAnswers, type AnswerItem } from '../src/core/analyses/tasks/scoreAnswers';
import { loadModel } from '../src/core/model/loadModel';
import type { CausalLM } from '../src/core/model/types';
import { COPY_OPTIONS } from '../src/shared/copying';
import { benchDevice, deviceNote } from './device';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';

const ROOT = join(__dirname, '..');
const REPS = Number(process.env['BENCH_REPS'] ?? 3);
const LENGTHS = [8, 32, 64];
const TASKS = 64;

async function tasksOf(lm: CausalLM): Promise<AnswerItem[]> {
  const text = readFileSync(join(ROOT, 'src', 'core', 'model', 'ortModel.ts'), 'utf8');
  const sep = COPY_OPTIONS.separator;
  const spans = (await copySpans(lm, { mode: 'text', text }, sep, LENGTHS, TASKS, 1)).flat();
  return spans.map((span) => ({ prompt: span + sep, answer: span }));
}

async function ours(lm: CausalLM, items: readonly AnswerItem[]) {
  const first = await scoreAnswers(lm, items);
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    await scoreAnswers(lm, items);
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)] ?? NaN, ...accuracies(first), bitsPerToken: meanBits(first) };
}

async function main(): Promise<void> {
  const device = benchDevice();
  const lm = await loadModel('lens-lm', { modelsDir: join(ROOT, 'media', 'models'), device, log: () => {} });
  const used = lm.device;
  const items = await tasksOf(lm);
  const a = await ours(lm, items);
  await lm.dispose();
  const path = join(mkdtempSync(join(tmpdir(), 'lens-bench-')), 'copy-tasks.json');
  writeFileSync(path, JSON.stringify(items));
  const b = lastJsonLine<{
    seconds: number;
    stringAccuracy: number;
    tokenAccuracy: number;
    bitsPerToken: number;
    threads: number;
    torch: string;
  }>(runPeer(join(__dirname, 'copying_torch.py'), [path, String(REPS)]));
  const rate = (r: { seconds: number }) => items.length / r.seconds;
  const line = (r: typeof a) =>
    `${rate(r).toFixed(0)} tasks/s (${(r.seconds * 1000).toFixed(0)} ms; string ${r.stringAccuracy.toFixed(4)}, ` +
    `token ${r.tokenAccuracy.toFixed(4)}, ${r.bitsPerToken.toFixed(4)} bits/token)`;
  console.log(`copy probe: ${items.length} copy tasks of ${LENGTHS.join(', ')} tokens, lens-lm, ${cpus().length} CPUs`);
  console.log(`  onnxruntime-node (Model Lens engine) on ${used}: ${line(a)}`);
  console.log(`  PyTorch ${b.torch} (${b.threads} threads):          ${line({ ...b })}`);
  console.log(`  ratio (ours / PyTorch): ${(rate(a) / rate(b)).toFixed(2)}x`);
  const agree =
    Math.abs(a.stringAccuracy - b.stringAccuracy) < 1e-9 &&
    Math.abs(a.tokenAccuracy - b.tokenAccuracy) < 2e-3 &&
    Math.abs(a.bitsPerToken - b.bitsPerToken) < 1e-3;
  reportRow({
    bench: 'copying',
    step: `${items.length} copy tasks, lens-lm`,
    ours: rate(a),
    peer: rate(b),
    unit: 'tasks/s',
    note: `${deviceNote(device, used)}; PyTorch ${b.torch} on cpu; accuracy and bits ${agree ? 'equal' : 'DIFFER'}`,
  });
  if (!agree) throw new Error('The two runs disagree on the scores: the comparison is not like for like.');
}

void main();
