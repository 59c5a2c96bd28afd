import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { TURING_LIMITS } from '../../../src/core/analyses/turing/limits';
import { tapeInput, turingRun, type TuringMachine } from '../../../src/core/analyses/turing/machine';
import { machineParse } from '../../../src/core/analyses/turing/machineParse';
import { turingScratchpad } from '../../../src/core/analyses/turing/scratchpad';
import { scratchpadCheck } from '../../../src/core/analyses/turing/scratchpadCheck';
import { LensError } from '../../../src/core/errors';
import { ensureBuilt, ROOT } from '../helpers';
import { INCREMENT } from './machines';

/** Walks right for ever over 0 and blank, writing 0: never halts, the tape grows by one cell a step. */
const WALK = 'start: q0\naccept: qa\nq0 0 -> q0 0 R\nq0 _ -> q0 0 R\n';

const tooLong = (flag: string, pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === 'too-long' && e.message.includes(flag) && pattern.test(e.message);

test('an input over --max-input is refused before it is split, naming the limit and the flag', () => {
  const m = machineParse(WALK);
  assert.throws(() => tapeInput(m, '0'.repeat(60_000)), tooLong('--max-input', /more than 10000 symbols/));
  assert.throws(() => tapeInput(m, '0 0 0 0', 3), tooLong('--max-input', /more than 3 symbols/));
  assert.deepEqual(tapeInput(m, '0 0 0', 3), ['0', '0', '0'], 'whitespace is not counted');
  assert.throws(() => tapeInput(m, ['0', '0'], 1), tooLong('--max-input', /has 2 symbols/));
  const words = machineParse('start: q0\naccept: qa\nq0 ab -> qa ab S\n');
  assert.deepEqual(tapeInput(words, ' ab   ab ', 2), ['ab', 'ab']);
  assert.throws(() => tapeInput(words, 'ab ab ab', 2), tooLong('--max-input', /more than 2 symbols/));
});

test('a tape over --max-tape and a scratchpad over --max-cells are refused while the machine runs', () => {
  const m = machineParse(WALK);
  // '0' grows one cell a step: step n has n + 1 cells, so the 6-cell tape is passed at step 5.
  assert.throws(
    () => turingRun(m, '0', { maxTape: 5, maxSteps: 100 }),
    tooLong('--max-tape', /tape at step 5 has 6 cells/),
  );
  // 1 + 2 + 3 + 4 = 10 cells by step 3, 15 by step 4.
  assert.throws(
    () => turingRun(m, '0', { maxCells: 12, maxSteps: 100 }),
    tooLong('--max-cells', /by step 4 has 15 cells/),
  );
  assert.equal(turingRun(m, '0', { maxCells: 15, maxSteps: 4 }).halt, 'limit');
});

test('the 60,000-symbol never-halting machine of the issue is refused at once', () => {
  const m = machineParse(WALK);
  assert.throws(() => turingScratchpad(m, '0'.repeat(60_000)), tooLong('--max-input', /10000/));
  // Within the input limit, the cells limit stops it after a few hundred steps.
  assert.throws(() => turingScratchpad(m, '0'.repeat(9_999)), tooLong('--max-cells', /2000000/));
  const stay = machineParse('start: q0\naccept: qa\nq0 0 -> q0 0 S\n');
  assert.throws(() => turingScratchpad(stay, '0'), tooLong('--max-steps', /within 10000 steps/));
  assert.equal(TURING_LIMITS.maxSteps, 10_000);
});

test('a scratchpad to check over the step, tape or cell limits is refused before it is checked', () => {
  const m = machineParse(INCREMENT);
  // 7 lines (6 steps) of 2, 2, 3, 3, 3, 4, 4 cells: 21 cells, step 5 the first with 4.
  const pad = turingScratchpad(m, '11').text;
  assert.equal(scratchpadCheck(m, pad, { maxSteps: 6, maxTape: 4, maxCells: 21 }).ok, true);
  assert.throws(() => scratchpadCheck(m, pad, { maxSteps: 5 }), tooLong('--max-steps', /has 6 steps/));
  assert.throws(() => scratchpadCheck(m, pad, { maxTape: 3 }), tooLong('--max-tape', /Step 5 .* 4 cells/));
  assert.throws(() => scratchpadCheck(m, pad, { maxCells: 20 }), tooLong('--max-cells', /has 21 cells/));
});

test('a JSON machine with a null transition is a bad-input error naming the field', () => {
  const machine = { states: ['q0', 'qa'], alphabet: ['0', '_'], blank: '_', start: 'q0', accept: ['qa'] };
  const bad = (e: unknown) => e instanceof LensError && e.code === 'bad-input' && /delta\.q0\.0/.test(e.message);
  assert.throws(() => machineParse(JSON.stringify({ ...machine, delta: { q0: { 0: null } } })), bad);
  assert.throws(
    () => machineParse('{"delta":{"q0":{"0":null}}}'),
    (e: unknown) => e instanceof LensError,
  );
});

test('a long machine name is quoted in at most ~80 characters', () => {
  const long = 'x'.repeat(100_000);
  const m: TuringMachine = { states: ['q0'], alphabet: ['_'], blank: '_', start: 'q0', accept: [long], delta: {} };
  assert.throws(
    () => turingRun(m, ''),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input' && e.message.length < 300,
  );
});

const work = mkdtempSync(join(tmpdir(), 'lens-turing-limits-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd: work });

before(() => {
  ensureBuilt();
  writeFileSync(join(work, 'walk.txt'), WALK);
  writeFileSync(join(work, 'null.json'), '{"delta":{"q0":{"0":null}}}');
});

test('CLI: a limit passed exits 2 naming its flag; the flag raises it; a null transition exits 2', () => {
  const over = cli('turing', 'walk.txt', '--input', '0'.repeat(60_000));
  assert.equal(over.status, 2, over.stderr);
  assert.match(over.stderr, /more than 10000 symbols, over the limit of 10000 \(--max-input\)/u);
  assert.equal(over.stderr.trim().split('\n').length, 1, 'one line');
  const steps = cli('turing', 'walk.txt', '--input', '0', '--max-steps', '20');
  assert.equal(steps.status, 2);
  assert.match(steps.stderr, /within 20 steps.*--max-steps/u);
  const tape = cli('turing', 'walk.txt', '--input', '0', '--max-tape', '8');
  assert.equal(tape.status, 2);
  assert.match(tape.stderr, /has 9 cells, over the limit of 8 \(--max-tape\)/u);
  const zero = cli('turing', 'walk.txt', '--input', '0', '--max-cells', '0');
  assert.equal(zero.status, 2);
  assert.match(zero.stderr, /--max-cells must be an integer from 1/u);
  const nul = cli('turing', 'null.json', '--input', '0');
  assert.equal(nul.status, 2, nul.stderr);
});
