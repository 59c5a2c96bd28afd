/**
 * @file Benchmark: greedy scratchpad decoding by the zoo's Turing-program addition model (onnxruntime-node, one
 * problem at a time, the whole sequence recomputed for every token: the graph has no cache) beside PyTorch decoding
 * the same weights the same way (bench/turing_torch.py: the recipe's model of tools/zoo/turing with the weights read
 * from model.onnx's float16 values). Both decode the same seeded problems at the training length and at twice it;
 * the script prints whether the token sequences agree, the times and the ratio, one summary row per length. Run with
 * `BENCH_ONLY=turing npm run bench` (the peer needs Debian's python3-torch and python3-onnx).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { problemRandom } from '../src/core/analyses/positions/problemRandom';
import { programLines, programProblem } from '../src/core/analyses/turing/program';
import { programDecode } from '../src/core/analyses/turing/programDecode';
import { programModelLoad, type ProgramModel } from '../src/core/analyses/turing/programModel';
import { promptIds, sequenceIds } from '../src/core/analyses/turing/programTokens';
import { modelsDir } from '../src/core/paths';
import { rngSeeded } from '../src/core/random/rng';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';

/** Problems decoded at each length. */
const K = 8;
const SEED = 1;
const MODEL = 'turing-addition';
/** The repository root: turing_torch.py imports the zoo as the package tools.zoo from there. */
const ROOT = join(__dirname, '..');

interface Job {
  readonly prompt: number[];
  readonly limit: number;
}

/** The prompts and token budgets of K seeded problems of `n` digits. */
function jobsAt(model: ProgramModel, n: number): Job[] {
  const rng = rngSeeded(SEED * 1000 + n);
  return Array.from({ length: K }, () => {
    const lines = programLines(programProblem(problemRandom('addition', n, rng)));
    const prompt = promptIds(lines[0] ?? []);
    return { prompt, limit: sequenceIds(lines, model.config.scratchpad).length - prompt.length + 8 };
  });
}

async function ours(model: ProgramModel, n: number): Promise<{ seconds: number; tokens: number[][] }> {
  const rng = rngSeeded(SEED * 1000 + n);
  const problems = Array.from({ length: K }, () => programProblem(problemRandom('addition', n, rng)));
  const jobs = jobsAt(model, n);
  const t0 = performance.now();
  const tokens: number[][] = [];
  for (const [i, p] of problems.entries()) {
    // PyTorch's loop stops at <eos> or the budget only, so the runaway-line stop is off here.
    const budget = { maxTokens: jobs[i]?.limit ?? 0, maxLineCells: Infinity };
    tokens.push([...(await programDecode(model, p, budget)).tokens]);
  }
  return { seconds: (performance.now() - t0) / 1000, tokens };
}

async function main(): Promise<void> {
  const dir = modelsDir(__dirname);
  const model = await programModelLoad(MODEL, { modelsDir: dir, allowLocalFiles: false });
  const top = model.config.trainMaxLength;
  await ours(model, 3);
  for (const n of [top, 2 * top]) {
    const mine = await ours(model, n);
    const file = join(mkdtempSync(join(tmpdir(), 'lens-turing-bench-')), 'jobs.json');
    const folder = join(dir, MODEL);
    writeFileSync(file, JSON.stringify({ folder, jobs: jobsAt(model, n) }));
    const out = runPeer(join(__dirname, 'turing_torch.py'), [file], {
      env: { OPENBLAS_NUM_THREADS: '1', PYTHONPATH: ROOT },
    });
    const torch = lastJsonLine<{ seconds: number; tokens: number[][] }>(out);
    const agree = JSON.stringify(torch.tokens) === JSON.stringify(mine.tokens);
    const written = mine.tokens.reduce((s, t) => s + t.length, 0);
    console.log(`${MODEL}: greedy scratchpads of ${K} problems of ${n} digits (${written} tokens written):`);
    console.log(`  Model Lens (onnxruntime-node) ${mine.seconds.toFixed(2)} s`);
    console.log(`  PyTorch ${torch.seconds.toFixed(2)} s${agree ? '' : ' (token sequences DIFFER)'}`);
    console.log(`  PyTorch takes ${(torch.seconds / mine.seconds).toFixed(2)}x as long`);
    reportRow({
      bench: 'turing',
      step: `greedy scratchpads, ${K} × ${n} digits (${written} tokens)`,
      ours: mine.seconds,
      peer: torch.seconds,
      unit: 's',
      note: `token sequences ${agree ? 'equal' : 'DIFFER'}`,
    });
  }
  await model.session.release();
}

void main();
