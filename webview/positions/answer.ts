/**
 * @file The answer lines of the positions view: the answer as the model writes it (arithmetic:
 * least-significant digit first, zero-padded, said so) and as a person reads it, beside the expected one.
 */
import { answerAsNumber, type PositionsResult } from '../../src/shared/positions';
import { STAT_WORDS } from './words';

const REVERSED = new Set(['addition', 'multiplication']);

/** The two lines: `written` (as the model writes it) and `number` (as read, with the verdict). */
export function answerLines(r: PositionsResult): { written: string; number: string; title: string } | undefined {
  const expected = r.expected;
  if (expected === undefined) return undefined;
  const reversed = REVERSED.has(r.task);
  const order = reversed
    ? 'as written (least-significant digit first, zero-padded: the order the model writes in)'
    : 'as written';
  const label = reversed ? 'As a number' : 'Answer';
  const read = (s: string): string => answerAsNumber(r.task, s);
  const typed =
    r.given === undefined
      ? ''
      : ` \u00b7 typed: ${read(r.given)} ${r.givenCorrect === true ? '\u2713' : '\u2717 wrong'}`;
  if (r.answer === undefined) {
    const number = `${label}: expected: ${read(expected)}${typed}`;
    return { written: `Rule's answer ${order}: ${expected}`, number, title: '' };
  }
  const mark = r.correct === true ? '\u2713' : '\u2717 wrong';
  return {
    written: `Answer ${order}: model ${r.answer} \u00b7 rule ${expected}`,
    number: `${label}: model: ${read(r.answer)} \u00b7 expected: ${read(expected)} ${mark}${typed}`,
    title: STAT_WORDS.verdict,
  };
}
