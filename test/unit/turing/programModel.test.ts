/**
 * Turing-program models against their PyTorch reference (test/fixtures/turing/pytorch-decodes.json, written by the
 * zoo recipe tools/zoo/turing with PyTorch's greedy decoding and teacher-forced logits): greedy decoding gives the
 * same tokens, one-pass exact match agrees with it, the logits agree within 1e-3; configs are checked; a cancel
 * stops decoding and scoring.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { programLines, programProblem } from '../../../src/core/analyses/turing/program';
import { programDecode } from '../../../src/core/analyses/turing/programDecode';
import { programLogits } from '../../../src/core/analyses/turing/programForward';
import { programModelLoad, type ProgramModel } from '../../../src/core/analyses/turing/programModel';
import { programScore } from '../../../src/core/analyses/turing/programScore';
import { promptIds, sequenceIds } from '../../../src/core/analyses/turing/programTokens';
import { LensError } from '../../../src/core/errors';
import { countedSession, FIXTURES, MODELS } from '../helpers';

interface Decode {
  a: string;
  b: string;
  length: number;
  prompt: number[];
  greedy: number[];
  exact: boolean;
}
interface ModelFixture {
  task: 'addition' | 'multiplication';
  scratchpad: boolean;
  trainMaxLength: number;
  decodes: Decode[];
  forward: { a: string; b: string; ids: number[]; logits: number[][] };
}

const fixtures = (
  JSON.parse(readFileSync(join(FIXTURES, 'turing', 'pytorch-decodes.json'), 'utf8')) as {
    models: Record<string, ModelFixture>;
  }
).models;
// Every model the recipe wrote fixtures for (the addition pair at least; multiplication when it was built).
const NAMES = [...new Set(['turing-addition', 'turing-addition-direct', ...Object.keys(fixtures)])];
const load = (name: string): Promise<ProgramModel> =>
  programModelLoad(name, { modelsDir: MODELS, allowLocalFiles: false });
const problemOf = (f: ModelFixture, d: { a: string; b: string }) =>
  programProblem(`${d.a}${f.task === 'addition' ? '+' : '*'}${d.b}`, f.task);

for (const name of NAMES) {
  test(`${name}: greedy decoding gives PyTorch's tokens, and one-pass exact match agrees`, async () => {
    const f = fixtures[name];
    assert.ok(f !== undefined, `${name} is in the fixtures`);
    assert.deepEqual([...new Set(f.decodes.map((d) => d.length))], [3, f.trainMaxLength, 2 * f.trainMaxLength]);
    const m = await load(name);
    assert.equal(m.config.scratchpad, f.scratchpad);
    const problems = f.decodes.map((d) => problemOf(f, d));
    const scored = await programScore(m, problems);
    for (const [i, d] of f.decodes.entries()) {
      const p = problems[i];
      assert.ok(p !== undefined);
      const truth = sequenceIds(programLines(p), f.scratchpad);
      assert.deepEqual(promptIds(programLines(p)[0] ?? []), d.prompt);
      // PyTorch's reference stops at <eos> or the budget only, not at a runaway line.
      const budget = { maxTokens: truth.length - d.prompt.length + 8, maxLineCells: Infinity };
      const got = await programDecode(m, p, budget);
      assert.deepEqual(got.tokens, d.greedy, `${d.a} ${d.b}`);
      assert.equal(got.finished && got.firstWrongStep === undefined, d.exact, `${d.a} ${d.b}: exact`);
      assert.equal(scored[i]?.correct, d.exact, `${d.a} ${d.b}: one pass`);
      assert.equal(scored[i]?.firstWrongStep, got.firstWrongStep, `${d.a} ${d.b}: first wrong step`);
    }
  });

  test(`${name}: teacher-forced logits within 1e-3 of PyTorch's`, async () => {
    const f = fixtures[name];
    assert.ok(f !== undefined);
    const m = await load(name);
    const truth = sequenceIds(programLines(problemOf(f, f.forward)), f.scratchpad);
    assert.deepEqual(truth, f.forward.ids, 'the TypeScript generator writes the recipe’s tokens');
    const l = await programLogits(m, [f.forward.ids]);
    let worst = 0;
    f.forward.logits.forEach((row, t) =>
      row.forEach((x, k) => (worst = Math.max(worst, Math.abs((l.data[t * 25 + k] ?? NaN) - x)))),
    );
    assert.ok(worst < 1e-3, `largest difference ${worst}`);
  });
}

test('a batch of rows of different lengths scores each row as it would alone', async () => {
  const m = await load('turing-addition');
  const problems = ['57+68', '4+5', '123+989', '99999+1'].map((s) => programProblem(s));
  const together = await programScore(m, problems);
  const alone = await Promise.all(problems.map(async (p) => (await programScore(m, [p]))[0]));
  assert.deepEqual(together, alone);
});

test('a line that runs past the longest line of the program ends decoding, marked wrong', async () => {
  const m = await load('turing-addition');
  // Line 1 of 57+68 is "5 + 6 b 5": five cells, so a cap of two stops after the third.
  const got = await programDecode(m, programProblem('57+68'), { maxLineCells: 2 });
  assert.equal(got.tokens.length, 3);
  assert.equal(got.finished, false);
  assert.equal(got.ended, 'runaway');
  assert.deepEqual(
    got.lines.map((l) => [l.index, l.status, l.expected?.join(' ')]),
    [[1, 'wrong', '5 + 6 b 5']],
  );
  assert.equal(got.firstWrongStep, 1);
});

test('a cancel stops greedy decoding after the pass in flight, and scoring between batches', async () => {
  const m = await load('turing-addition');
  const controller = new AbortController();
  const counted = countedSession(m.session, 3, controller);
  const slow = { ...m, session: counted.session };
  const p = programProblem('12345678+87654321');
  await assert.rejects(programDecode(slow, p, { signal: controller.signal }), (e: unknown) => {
    return e instanceof LensError && e.code === 'cancelled';
  });
  assert.equal(counted.runs(), 3);
  const stopped = new AbortController();
  stopped.abort();
  await assert.rejects(programScore(m, [p], { signal: stopped.signal }), /cancelled/u);
});

test('a folder whose config.json is wrong is refused naming the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-turing-'));
  symlinkSync(join(MODELS, 'turing-addition', 'model.onnx'), join(dir, 'model.onnx'));
  const config = JSON.parse(readFileSync(join(MODELS, 'turing-addition', 'config.json'), 'utf8')) as object;
  const refuses = async (patch: object, pattern: RegExp) => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, ...patch }));
    await assert.rejects(programModelLoad(dir, { modelsDir: MODELS, allowLocalFiles: true }), (e: unknown) => {
      return e instanceof LensError && e.code === 'bad-model' && pattern.test(e.message);
    });
  };
  await refuses({ task: 'division' }, /task/u);
  await refuses({ trainMaxLength: 0 }, /trainMaxLength/u);
  await refuses({ vocab: ['0'] }, /vocab must be/u);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const m = await programModelLoad(dir, { modelsDir: MODELS, allowLocalFiles: true });
  assert.equal(m.config.task, 'addition');
  await assert.rejects(programModelLoad(dir, { modelsDir: MODELS, allowLocalFiles: false }), /restricted mode/u);
  await assert.rejects(load('lens-lm'), /not a Turing-program one/u);
});
