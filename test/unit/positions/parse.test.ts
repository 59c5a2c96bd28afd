import assert from 'node:assert/strict';
import { test } from 'node:test';
import { couple } from '../../../src/core/analyses/positions/couple';
import type { CouplingTask } from '../../../src/shared/positions';
import { parseProblem, taskGuess } from '../../../src/core/analyses/positions/parseProblem';
import { LensError } from '../../../src/core/errors';

const rejects = (text: string, task: CouplingTask, code: string, ...patterns: RegExp[]) => {
  assert.throws(
    () => couple(text, task, { maxPosition: 64 }),
    (e: unknown) => {
      assert.ok(e instanceof LensError, `not a LensError: ${String(e)}`);
      assert.equal(e.code, code, e.message);
      for (const p of patterns) assert.match(e.message, p);
      return true;
    },
  );
};

test('a missing operand is refused with the expected form', () => {
  rejects('12+=', 'addition', 'bad-input', /48213\+9077=/, /second number is missing/);
  rejects('+3=', 'addition', 'bad-input', /first number is missing/);
  rejects('', 'addition', 'bad-input', /empty/);
  rejects('|abc', 'copy', 'bad-input', /"abc\|"/, /empty/);
});

test('digits of other scripts and other non-ASCII characters are refused, naming the character', () => {
  const arabicTwo = /"٢" \(U\+0662\) at column 2 is a digit from another script/;
  rejects('1٢+3=', 'addition', 'bad-input', arabicTwo, /ASCII 0-9/);
  rejects('１２+3=', 'addition', 'bad-input', /U\+FF11/, /another script/);
  rejects('12＋3=', 'addition', 'bad-input', /U\+FF0B/, /not an ASCII character/);
  rejects('héllo|', 'copy', 'bad-input', /U\+00E9/);
});

test('letters and stray characters in arithmetic are refused at their column', () => {
  rejects('12a+3=', 'addition', 'bad-input', /expected "\+" after the first number, found "a" at column 3/);
  rejects('12+3b=', 'addition', 'bad-input', /expected "=" after the second number, found "b" at column 5/);
  rejects('12+3=4x', 'addition', 'bad-input', /answer may hold only digits/);
  rejects('12*3=', 'addition', 'bad-input', /found "\*"/);
  rejects('123*45=', 'multiplication', 'bad-input', /"45" has 2 digits, but this is N×1/, /123\*7=/);
  rejects('ab c|', 'copy', 'bad-input', /expected "\|" after the string, found "c" at column 4/);
  rejects('ab|c|', 'copy', 'bad-input', /second "\|"/);
});

test('problems longer than the position range are refused', () => {
  const long = '1'.repeat(70);
  rejects(`${long}+1=`, 'addition', 'too-long', /70 digits/, /at most 62 digits/);
  rejects(`${'1'.repeat(63)}+1=`, 'addition', 'too-long');
  assert.equal(couple(`${'1'.repeat(62)}+1=`, 'addition', { maxPosition: 64 }).ruleIds.length, 62 + 3 + 63);
  rejects(`${'a'.repeat(64)}|`, 'copy', 'too-long', /64 symbols; copy takes at most 63/);
  rejects(`${'a'.repeat(63)}|`, 'reverse', 'too-long', /reverse takes at most 62/);
});

test('the parser keeps the pieces and their offsets', () => {
  const p = parseProblem('  48213 + 9077 = 09275', 'addition');
  assert.ok(p.task === 'addition');
  if (p.task !== 'addition') return;
  assert.deepEqual(
    [p.a, p.op, p.b, p.eq, p.given],
    [
      { text: '48213', offset: 2 },
      { text: '+', offset: 8 },
      { text: '9077', offset: 10 },
      { text: '=', offset: 15 },
      { text: '09275', offset: 17 },
    ],
  );
});

test('taskGuess reads the operator', () => {
  assert.equal(taskGuess('48213+9077='), 'addition');
  assert.equal(taskGuess('123*7='), 'multiplication');
  assert.equal(taskGuess('abc|'), 'copy');
  assert.equal(taskGuess('abc|cba'), 'reverse');
  assert.equal(taskGuess('hello'), undefined);
});
