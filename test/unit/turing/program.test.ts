import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programAnswer, programLines, programProblem, programText } from '../../../src/core/analyses/turing/program';
import { ProgramChecker, programSuccessor } from '../../../src/core/analyses/turing/programCheck';
import { programParse } from '../../../src/core/analyses/turing/programParse';
import { PROGRAM_VOCAB, programLength, promptIds, sequenceIds } from '../../../src/core/analyses/turing/programTokens';
import { LensError } from '../../../src/core/errors';
import { rngSeeded } from '../../../src/core/random/rng';

const ADD = '5 7 + 6 8\n5 + 6 b 5\n+ b 2 5\n1 2 5';
// 123*4 by hand: 3·4 = 12 (write 2, carry 1 = b), 2·4 + 1 = 9 (carry 0 = a), 1·4 = 4: 492.
const MUL = '1 2 3 * 4\n1 2 * 4 b 2\n1 * 4 a 9 2\n* 4 a 4 9 2\n4 9 2';

test('the addition program of 57+68, worked by hand', () => {
  const p = programProblem('57+68');
  assert.equal(programText(programLines(p)), ADD);
  assert.equal(programAnswer(p), '125');
});

test('the n×1 multiplication program of 123*4, worked by hand, and a final carry digit', () => {
  assert.equal(programText(programLines(programProblem('123*4='))), MUL);
  // 99·9 = 891: 9·9 = 81 (1, carry 8 = i), 9·9 + 8 = 89 (9, carry 8), answer 8 9 1.
  assert.equal(programText(programLines(programProblem('99*9'))), '9 9 * 9\n9 * 9 i 1\n* 9 i 9 1\n8 9 1');
});

test('operands are padded to the longer one, and the answer keeps no carry digit when there is none', () => {
  assert.equal(
    programText(programLines(programProblem('5+123'))),
    '0 0 5 + 1 2 3\n0 0 + 1 2 a 8\n0 + 1 a 2 8\n+ a 1 2 8\n1 2 8',
  );
});

test('answers equal the arithmetic on random problems (BigInt reference)', () => {
  const rng = rngSeeded(7);
  for (let i = 0; i < 200; i++) {
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
    const a = digits(1 + Math.floor(rng() * 30));
    const b = digits(1 + Math.floor(rng() * 30));
    const d = digits(1);
    assert.equal(BigInt(programAnswer(programProblem(`${a}+${b}`))), BigInt(a) + BigInt(b));
    assert.equal(BigInt(programAnswer(programProblem(`${a}*${d}`))), BigInt(a) * BigInt(d));
  }
});

test('the successor of each line, computed from that line alone, is the next line', () => {
  for (const text of [ADD, MUL]) {
    const lines = text.split('\n').map((l) => l.split(' '));
    const task = text.includes('*') ? 'multiplication' : 'addition';
    for (let k = 0; k + 1 < lines.length; k++) assert.deepEqual(programSuccessor(task, lines[k] ?? []), lines[k + 1]);
    assert.equal(programSuccessor(task, lines[lines.length - 1] ?? []), undefined);
  }
  assert.equal(programSuccessor('addition', ['5', '+', '6', 'x', '5']), undefined);
  assert.equal(programSuccessor('addition', ['5', '7', '+', '6']), undefined);
});

test('the simulator rejects a wrong step, naming the line it should have been', () => {
  const { problem, steps } = programParse(ADD.replace('+ b 2 5', '+ a 2 5'));
  const c = new ProgramChecker(problem);
  const verdicts = steps.map((s) => c.next(s));
  assert.deepEqual(
    verdicts.map((v) => v.status),
    ['right', 'wrong', 'wrong'],
  );
  assert.equal(c.firstWrong, 2);
  assert.deepEqual(verdicts[1]?.expected, ['+', 'b', '2', '5']);
  // The answer follows from the wrong line "+ a 2 5" as "2 5", not "1 2 5".
  assert.deepEqual(verdicts[2]?.expected, ['2', '5']);
});

test('a program that stops early, or runs past its answer, is wrong at the missing or extra line', () => {
  const short = new ProgramChecker(programProblem('57+68'));
  short.next(['5', '+', '6', 'b', '5']);
  assert.deepEqual(short.finish()?.expected, ['+', 'b', '2', '5']);
  assert.equal(short.firstWrong, 2);
  const long = new ProgramChecker(programProblem('57+68'));
  for (const l of ADD.split('\n').slice(1)) assert.equal(long.next(l.split(' ')).status, 'right');
  assert.equal(long.finish(), undefined);
  assert.equal(long.next(['1']).status, 'wrong');
  assert.equal(long.firstWrong, 4);
});

test('token ids follow the vocabulary; the prompt ends with the separator', () => {
  assert.equal(PROGRAM_VOCAB.length, 25);
  assert.deepEqual([PROGRAM_VOCAB[10], PROGRAM_VOCAB[11], PROGRAM_VOCAB[13], PROGRAM_VOCAB[22]], ['+', '*', 'b', '|']);
  const lines = programLines(programProblem('57+68'));
  assert.deepEqual(promptIds(lines[0] ?? []), [23, 5, 7, 10, 6, 8, 22]);
  assert.deepEqual(sequenceIds(lines, false), [23, 5, 7, 10, 6, 8, 22, 1, 2, 5, 24]);
  assert.equal(sequenceIds(lines, true).length, 1 + 5 + 1 + 5 + 1 + 4 + 1 + 3 + 1);
});

test('bad problems and programs are refused with a line that says what is wrong', () => {
  const refuses = (f: () => unknown, re: RegExp) =>
    assert.throws(f, (e: unknown) => e instanceof LensError && e.code === 'bad-input' && re.test(e.message));
  refuses(() => programProblem('12*34'), /one digit/);
  refuses(() => programProblem('57-68'), /Expected a problem like/);
  refuses(() => programProblem('57+68', 'multiplication'), /multiplication problem/);
  refuses(() => programParse('5 7 + 6 8\n5 + 6 x 5'), /Line 2 has the cell "x"/);
  refuses(() => programParse('5 7 + 6\n5 + 6 b 5'), /Line 1, the problem: both operands/);
  refuses(() => programParse('\n\n'), /first line is a problem/);
  assert.throws(
    () => programProblem(`${'1'.repeat(300)}+1`),
    (e: unknown) => e instanceof LensError && e.code === 'too-long',
  );
});

test('programLength counts the tokens sequenceIds writes, with and without the scratchpad', () => {
  const rng = rngSeeded(3);
  for (let i = 0; i < 60; i++) {
    const n = 1 + Math.floor(rng() * 40);
    const digits = () => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
    for (const text of [`${digits()}+${digits()}`, `${digits()}*${Math.floor(rng() * 10)}`]) {
      const p = programProblem(text);
      for (const scratchpad of [true, false]) {
        const exact = sequenceIds(programLines(p), scratchpad).length;
        const carry = programAnswer(p).length > n ? 0 : 1;
        // programLength counts an answer of n + 1 digits: one more than a program whose answer has n.
        assert.equal(programLength(p.task, n, scratchpad), exact + carry, text);
      }
    }
  }
});
