/**
 * The positions panel's answer lines: an arithmetic answer is shown as written (least-significant
 * digit first, zero-padded, and said so) and as the number a person reads beside the expected one;
 * a copy reads as written. Hand-worked: 48213 + 9077 = 57290, written 092750.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerAsNumber, type PositionsResult } from '../../../src/shared/positions';
import { answerLines } from '../../../webview/positions/answer';

const base = { source: 's', problem: '48213+9077=', tokens: [] } as const;

test('answerAsNumber reverses arithmetic answers and drops the padding zeros; copies read as written', () => {
  assert.equal(answerAsNumber('addition', '092750'), '57290');
  assert.equal(answerAsNumber('multiplication', '74733'), '33747');
  assert.equal(answerAsNumber('addition', '000'), '0');
  assert.equal(answerAsNumber('addition', '1'), '1');
  assert.equal(answerAsNumber('copy', '0583'), '0583');
  assert.equal(answerAsNumber('reverse', '0583'), '0583');
});

test('a right addition: written order said, then "model: 57290 · expected: 57290 ✓"', () => {
  const r: PositionsResult = { ...base, task: 'addition', answer: '092750', expected: '092750', correct: true };
  const lines = answerLines(r);
  assert.match(lines?.written ?? '', /least-significant digit first.*: model 092750 · rule 092750$/u);
  assert.equal(lines?.number, 'As a number: model: 57290 · expected: 57290 ✓');
  assert.match(lines?.title ?? '', /digit for digit/u);
});

test('a wrong answer is marked, and a typed answer is read as a number too', () => {
  const r: PositionsResult = {
    ...base,
    task: 'addition',
    answer: '192750',
    expected: '092750',
    correct: false,
    given: '09275',
    givenCorrect: true,
  };
  assert.equal(answerLines(r)?.number, 'As a number: model: 57291 · expected: 57290 ✗ wrong · typed: 57290 ✓');
});

test('rule IDs only: the expected answer alone; a copy reads as written; no expected answer, no lines', () => {
  const rule: PositionsResult = { ...base, task: 'multiplication', expected: '74733' };
  assert.equal(answerLines(rule)?.number, 'As a number: expected: 33747');
  const copy: PositionsResult = { ...base, task: 'copy', answer: '5830', expected: '5830', correct: true };
  assert.equal(answerLines(copy)?.written, 'Answer as written: model 5830 · rule 5830');
  assert.equal(answerLines(copy)?.number, 'Answer: model: 5830 · expected: 5830 ✓');
  assert.equal(answerLines({ ...base, task: 'scratchpad' }), undefined);
});
