/**
 * @file A Turing machine that adds two numbers in base 2–10, written on the tape as `a+b`
 * (e.g. `5 7 + 6 8`); it halts with a + b on the tape. Digits of a that already hold a digit of
 * the sum are marked with a letter (digit d ↦ the d-th letter, 0 = a … 9 = j, as in the
 * Turing-Programs vocabulary). One round per digit of b:
 * - `right`: go to the blank after b, step left into `read`;
 * - `read`: take b's last digit d (erase it) and go left in `b{d}` to the `+`, then in `a{d}` over
 *   the marked digits to the last unmarked digit x of a (a blank counts as 0);
 * - write the mark of (x + d) mod base; on a carry go left in `inc`, which adds 1 to the digits to
 *   the left (base−1 becomes 0 and the carry moves on; a blank becomes 1);
 * - `back`: go right to the blank after b, and `read` again.
 * When `read` finds the `+`, it erases it and `clean` walks left turning marks back into digits,
 * halting in `done` on the blank left of the sum. About 4·n² steps for two n-digit numbers.
 */
import type { Move, Transition, TuringMachine } from './machine';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';

/** The letter that marks digit d. */
export const markOf = (d: number): string => String.fromCharCode(97 + d);

const t = (next: string, write: string, move: Move): Transition => ({ next, write, move });

function roundRows(base: number, digits: string[], marks: string[]): Record<string, Record<string, Transition>> {
  const delta: Record<string, Record<string, Transition>> = {};
  for (let d = 0; d < base; d++) {
    const inB: Record<string, Transition> = { '+': t(`a${d}`, '+', 'L') };
    for (const x of digits) inB[x] = t(`b${d}`, x, 'L');
    const inA: Record<string, Transition> = { _: t('back', markOf(d), 'R') };
    for (const m of marks) inA[m] = t(`a${d}`, m, 'L');
    for (let x = 0; x < base; x++) {
      const sum = x + d;
      inA[String(x)] = sum < base ? t('back', markOf(sum), 'R') : t('inc', markOf(sum - base), 'L');
    }
    delta[`b${d}`] = inB;
    delta[`a${d}`] = inA;
  }
  return delta;
}

function walkRows(base: number, digits: string[], marks: string[]): Record<string, Record<string, Transition>> {
  const right: Record<string, Transition> = { '+': t('right', '+', 'R'), _: t('read', '_', 'L') };
  const back: Record<string, Transition> = { '+': t('back', '+', 'R'), _: t('read', '_', 'L') };
  const read: Record<string, Transition> = { '+': t('clean', '_', 'L') };
  const inc: Record<string, Transition> = { _: t('back', '1', 'R') };
  const clean: Record<string, Transition> = { _: t('done', '_', 'S') };
  for (const [d, x] of digits.entries()) {
    right[x] = t('right', x, 'R');
    back[x] = t('back', x, 'R');
    read[x] = t(`b${d}`, '_', 'L');
    inc[x] = d === base - 1 ? t('inc', '0', 'L') : t('back', String(d + 1), 'R');
    clean[x] = t('clean', x, 'L');
  }
  for (const [d, m] of marks.entries()) {
    back[m] = t('back', m, 'R');
    clean[m] = t('clean', String(d), 'L');
  }
  return { right, read, inc, back, clean };
}

/** The addition machine for `base` (2–10). Start state `right`, accepting state `done`, blank `_`. */
export function additionMachine(base = 10): TuringMachine {
  if (!Number.isInteger(base) || base < 2 || base > 10)
    throw new LensError('bad-input', `The addition machine works in bases 2 to 10; got ${base}.`);
  const digits = Array.from({ length: base }, (_, d) => String(d));
  const marks = digits.map((_, d) => markOf(d));
  const rounds = Array.from({ length: base }, (_, d) => [`b${d}`, `a${d}`]).flat();
  return {
    name: `addition (base ${base})`,
    states: ['right', 'read', ...rounds, 'inc', 'back', 'clean', 'done'],
    alphabet: [...digits, ...marks, '+', '_'],
    blank: '_',
    start: 'right',
    accept: ['done'],
    delta: { ...walkRows(base, digits, marks), ...roundRows(base, digits, marks) },
  };
}

/** The tape input `a+b` for the addition machine, refusing digits outside the base. */
export function additionInput(a: string, b: string, base = 10): string {
  const ok = new RegExp(`^[0-${base - 1}]+$`);
  for (const x of [a, b])
    if (!ok.test(x))
      throw new LensError(
        'bad-input',
        `Expected numbers of digits 0-${base - 1} for base-${base} addition; got "${quote(x)}".`,
      );
  return `${a}+${b}`;
}
