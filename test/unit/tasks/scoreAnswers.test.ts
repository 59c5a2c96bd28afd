import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerRow, scoreAnswers } from '../../../src/core/analyses/tasks/scoreAnswers';
import { LensError } from '../../../src/core/errors';
import type { CausalLM } from '../../../src/core/model/types';
import { predictingLM } from '../helpers';

const VOCAB = 257;
const HIGH = 5;

/** A byte-level model that always predicts "the next byte value" (id + 1) with logit HIGH, every other id 0. */
const successorModel = (context = 16): CausalLM =>
  predictingLM('successor', context, HIGH, (row, t) => ((row[t] ?? 0) + 1) % VOCAB);

// p(predicted) = e^5 / (e^5 + 256); p(any other) = 1 / (e^5 + 256).
const Z = Math.exp(HIGH) + VOCAB - 1;
const HIT_BITS = Math.log2(Z / Math.exp(HIGH));
const MISS_BITS = Math.log2(Z);

test('a right answer scores every token correct with the hand-worked surprisal', async () => {
  const [s] = await scoreAnswers(successorModel(), [{ prompt: 'ab', answer: 'cd' }]);
  assert.ok(s !== undefined);
  assert.equal(s.tokens, 2);
  assert.equal(s.correct, 2);
  assert.equal(s.exact, true);
  assert.equal(s.firstWrong, -1);
  s.bits.forEach((b) => assert.ok(Math.abs(b - HIT_BITS) < 1e-5, `${b} vs ${HIT_BITS}`));
});

test('a wrong token is found, and later tokens are still teacher-forced', async () => {
  // "c" is right after "b"; "e" is wrong after "c"; "f" is right after "e".
  const [s] = await scoreAnswers(successorModel(), [{ prompt: 'ab', answer: 'cef' }]);
  assert.ok(s !== undefined);
  assert.deepEqual([s.correct, s.exact, s.firstWrong], [2, false, 1]);
  assert.ok(Math.abs((s.bits[1] ?? 0) - MISS_BITS) < 1e-5);
});

test('rows of different lengths in one batch are scored at their own positions', async () => {
  const items = [
    { prompt: 'a', answer: 'b' },
    { prompt: 'wxyz', answer: 'x' },
    { prompt: 'mn', answer: 'op' },
  ];
  const scores = await scoreAnswers(successorModel(), items);
  assert.deepEqual(
    scores.map((s) => s.exact),
    [true, false, true],
  );
});

test('a long prompt is cut from the left to fit the window; an answer that cannot fit is refused', () => {
  const row = answerRow(successorModel(8), { prompt: 'abcdefghij', answer: 'kl' });
  assert.equal(row.ids.length, 8);
  assert.equal(row.dropped, 5);
  assert.equal(row.answerAt, 6);
  assert.throws(
    () => answerRow(successorModel(4), { prompt: 'a', answer: 'bcdef' }),
    (e: unknown) => e instanceof LensError && e.code === 'too-long',
  );
});

test('a cancel stops the scoring', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    scoreAnswers(successorModel(), [{ prompt: 'a', answer: 'b' }], { signal: controller.signal }),
    (e: unknown) => e instanceof LensError && e.code === 'cancelled',
  );
});
