import assert from 'node:assert/strict';
import { test } from 'node:test';
import { couple, offsetChoose } from '../../../src/core/analyses/positions/couple';
import { COUPLING_TASKS } from '../../../src/shared/positions';
import { problemRandom } from '../../../src/core/analyses/positions/problemRandom';
import { rngSeeded } from '../../../src/core/random/rng';
import { LensError } from '../../../src/core/errors';

test('addition 57+68=: answer 125 written reversed as 521, IDs by significance', () => {
  // L = 2, e = s + L + 1 = 3 (s = 0). Digit of significance i gets e-1-i:
  //   5(tens)=1 7(units)=2 +=3 | 6(tens)=1 8(units)=2 ==3 | 5(units)=2 2(tens)=1 1(hundreds)=0
  const c = couple('57+68=', 'addition');
  assert.deepEqual(c.tokens, ['5', '7', '+', '6', '8', '=', '5', '2', '1']);
  assert.deepEqual(c.ruleIds, [1, 2, 3, 1, 2, 3, 2, 1, 0]);
  assert.equal(c.answer, '521');
  assert.deepEqual(c.answerIndices, [6, 7, 8]);
  assert.deepEqual(c.sources, [0, 1, 2, 3, 4, 5, -1, -1, -1]);
  assert.equal(c.given, undefined);
});

test('addition of unequal lengths: 48213+9077= → 57290, answer 092750 padded to L+1 digits', () => {
  // L = 5, e = 6: 4=1 8=2 2=3 1=4 3=5 +=6 | 9=2 0=3 7=4 7=5 ==6 | answer IDs 5 4 3 2 1 0
  const c = couple('48213+9077=', 'addition');
  assert.deepEqual(c.ruleIds, [1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 0]);
  assert.equal(c.answer, '092750');
  const padded = couple('48213+9077=', 'addition', { padOperands: true });
  assert.deepEqual(padded.tokens.slice(6, 11), ['0', '9', '0', '7', '7']);
  assert.deepEqual(padded.ruleIds.slice(6, 11), [1, 2, 3, 4, 5]);
  assert.deepEqual(padded.sources.slice(6, 11), [-1, 6, 7, 8, 9]);
  // zero-padding typed by the user gives the same IDs as padding added here
  assert.deepEqual(couple('48213+09077=', 'addition').ruleIds, padded.ruleIds);
  assert.equal(couple('12+34=', 'addition', { padAnswer: false }).answer, '64');
  assert.equal(couple('12+34=', 'addition').answer, '640');
});

test('typed answers are checked; padding zeros at the end of a reversed answer are optional', () => {
  const ok = couple('57+68=521', 'addition');
  assert.equal(ok.givenCorrect, true);
  assert.deepEqual(ok.sources.slice(6), [6, 7, 8]);
  assert.equal(couple('57+68=125', 'addition').givenCorrect, false);
  assert.equal(couple('12+34=64', 'addition').givenCorrect, true);
  assert.equal(couple('abc|cba', 'reverse').givenCorrect, true);
  assert.equal(couple('abc|cba', 'copy').givenCorrect, false);
});

test('spaces around operators are skipped and sources point at the typed characters', () => {
  const c = couple(' 57 + 68 = \n', 'addition');
  assert.deepEqual(c.tokens.slice(0, 6), ['5', '7', '+', '6', '8', '=']);
  assert.deepEqual(c.sources.slice(0, 6), [1, 2, 4, 6, 7, 9]);
  const noEq = couple('57+68', 'addition');
  assert.equal(noEq.tokens[5], '=');
  assert.equal(noEq.sources[5], -1);
});

test('N×1 multiplication 123*7= → 861, answer 1680', () => {
  // L = 3, e = 4: 1=1 2=2 3=3 *=4 | 7(units)=3 ==4 | 1(units)=3 6=2 8=1 0=0
  const c = couple('123*7=', 'multiplication');
  assert.deepEqual(c.tokens, ['1', '2', '3', '*', '7', '=', '1', '6', '8', '0']);
  assert.deepEqual(c.ruleIds, [1, 2, 3, 4, 3, 4, 3, 2, 1, 0]);
  assert.equal(couple('9×9=', 'multiplication').answer, '18');
});

test('copy and reverse: copied symbols share the ID of the symbol they copy', () => {
  // copy: a=1 b=2 c=3 |=0 a=1 b=2 c=3; reverse: a=1 b=2 c=3 |=4 c=3 b=2 a=1
  const copy = couple('abc|', 'copy');
  assert.deepEqual(copy.tokens, ['a', 'b', 'c', '|', 'a', 'b', 'c']);
  assert.deepEqual(copy.ruleIds, [1, 2, 3, 0, 1, 2, 3]);
  const rev = couple('abc|', 'reverse');
  assert.deepEqual(rev.tokens, ['a', 'b', 'c', '|', 'c', 'b', 'a']);
  assert.deepEqual(rev.ruleIds, [1, 2, 3, 4, 3, 2, 1]);
  assert.deepEqual(couple('abc', 'copy').ruleIds, copy.ruleIds);
});

test('offsets shift every ID; seeded offsets are reproducible and stay in [0, maxOffset]', () => {
  assert.deepEqual(couple('57+68=', 'addition', { offset: 5 }).ruleIds, [6, 7, 8, 6, 7, 8, 7, 6, 5]);
  const seen = new Set<number>();
  for (let seed = 0; seed < 200; seed++) {
    const c = couple('57+68=', 'addition', { seed, maxOffset: 7 });
    assert.ok(c.offset >= 0 && c.offset <= 7);
    assert.equal(c.offset, couple('57+68=', 'addition', { seed, maxOffset: 7 }).offset);
    assert.deepEqual(
      c.ruleIds,
      couple('57+68=', 'addition').ruleIds.map((id) => id + c.offset),
    );
    seen.add(c.offset);
  }
  assert.equal(seen.size, 8);
  // the default maxOffset keeps every ID below maxPosition: span 3, so offsets 0..6 for 10 positions
  for (let seed = 0; seed < 100; seed++) assert.ok(offsetChoose(3, { seed, maxPosition: 10 }) <= 6);
  assert.throws(
    () => couple('57+68=', 'addition', { offset: 7, maxPosition: 10 }),
    (e: unknown) => e instanceof LensError && e.code === 'too-long' && /offsets 0 to 6/.test(e.message),
  );
  assert.throws(
    () => couple('57+68=', 'addition', { offset: -1 }),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input',
  );
});

test('random problems of each task parse and couple; the answer is right', () => {
  const rng = rngSeeded(7);
  for (const task of COUPLING_TASKS) {
    for (let n = 1; n <= 12; n++) {
      const c = couple(problemRandom(task, n, rng), task, { maxPosition: 32 });
      assert.ok(c.ruleIds.every((id) => id >= 0 && id < 32));
      if (task === 'addition') {
        const [a = '', b = ''] = c.tokens.join('').split('=')[0]?.split('+') ?? [];
        assert.equal(BigInt([...c.answer].reverse().join('')), BigInt(a) + BigInt(b));
        assert.equal(a.length, n);
      }
    }
  }
});
