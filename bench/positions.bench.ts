/**
 * @file Benchmark: PPC decoding of the zoo's positions models (onnxruntime-node, batched, one
 * graph run per answer token, the model fed its own predicted position IDs) beside PyTorch
 * decoding the same weights the same way (bench/positions_torch.py, Debian python3-torch; the
 * weights are read from the ONNX file). Both decode the length probe's seeded problems at 10, 20
 * and 30 digits/symbols; the script prints both exact matches (they must agree), times and the
 * ratio, and one summary row per task. Run with `BENCH_ONLY=positions npm run bench` (the peer needs Debian's
 * python3-torch and python3-onnx: tools/zoo reads the weights with onnx).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { positionsDecodeBatch } from '../src/core/analyses/positions/decode';
import { probeProblems } from '../src/core/analyses/positions/lengthProbe';
import { positionModelLoad } from '../src/core/analyses/positions/positionModel';
import type { PositionTask } from '../src/shared/positions';
import { modelsDir } from '../src/core/paths';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';

const LENGTHS = [10, 20, 30];
/** The repository root: positions_torch.py imports the zoo as the package tools.zoo from there. */
const ROOT = join(__dirname, '..');
const SAMPLES = 200;
const SEED = 1;

async function benchTask(task: PositionTask): Promise<void> {
  const dir = modelsDir(__dirname);
  const model = await positionModelLoad(`positions-${task}-ppc`, { modelsDir: dir });
  const sets = LENGTHS.map((n) => probeProblems(task, n, SAMPLES, SEED));
  await positionsDecodeBatch(model, sets[0]?.slice(0, 8) ?? [], 'ppc');
  const t0 = performance.now();
  const correct: number[] = [];
  for (const problems of sets)
    correct.push((await positionsDecodeBatch(model, problems, 'ppc')).filter((d) => d.correct).length);
  const ours = (performance.now() - t0) / 1000;
  const file = join(mkdtempSync(join(tmpdir(), 'lens-positions-bench-')), 'problems.json');
  writeFileSync(
    file,
    JSON.stringify({
      onnx: join(dir, `positions-${task}-ppc`, 'model.onnx'),
      config: join(dir, `positions-${task}-ppc`, 'config.json'),
      vocab: model.config.vocab,
      sets: sets.map((ps) =>
        ps.map((p) => ({ tokens: p.tokens, ruleIds: p.ruleIds, start: p.answerIndices[0] ?? p.tokens.length })),
      ),
    }),
  );
  const env = { OPENBLAS_NUM_THREADS: '1', PYTHONPATH: ROOT };
  const out = runPeer(join(__dirname, 'positions_torch.py'), [file], { env });
  const torch = lastJsonLine<{ seconds: number; correct: number[] }>(out);
  const agree = JSON.stringify(torch.correct) === JSON.stringify(correct);
  console.log(`${task} PPC decoding, ${SAMPLES} problems at each of lengths ${LENGTHS.join(', ')}:`);
  console.log(
    `  Model Lens (onnxruntime-node) ${ours.toFixed(2)} s, exact match ` +
      `${correct.map((c) => `${c}/${SAMPLES}`).join(' ')}`,
  );
  console.log(
    `  PyTorch ${torch.seconds.toFixed(2)} s, exact match ${torch.correct.map((c) => `${c}/${SAMPLES}`).join(' ')}`,
  );
  const differ = agree ? '' : ' (exact matches DIFFER)';
  console.log(`  PyTorch takes ${(torch.seconds / ours).toFixed(2)}x as long${differ}`);
  reportRow({
    bench: 'positions',
    step: `${task} PPC decoding, ${SAMPLES} × ${LENGTHS.length} lengths`,
    ours,
    peer: torch.seconds,
    unit: 's',
    note: `exact matches ${agree ? 'equal' : 'DIFFER'}: ${correct.join(' ')} / ${SAMPLES}`,
  });
  await model.session.release();
}

async function main(): Promise<void> {
  for (const task of (process.env['BENCH_TASKS'] ?? 'addition,copy').split(',') as PositionTask[])
    await benchTask(task);
}

void main();
