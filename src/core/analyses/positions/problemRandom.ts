/**
 * @file Random problems of a given length, written as a user would type them (without the answer),
 * for accuracy-against-length curves: `couple(problemRandom(task, n, rng), task)`.
 */
import type { CouplingTask } from '../../../shared/positions';
import { LensError } from '../../errors';

/** Symbols drawn for copy and reverse problems when no alphabet is given (digits, as in Cho et al.). */
export const DEFAULT_SEQUENCE_ALPHABET = '0123456789';

function digits(n: number, rng: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rng() * (i === 0 && n > 1 ? 9 : 10)) + (i === 0 && n > 1 ? 1 : 0));
  return s;
}

/**
 * A random `task` problem of `length`: addition of two `length`-digit numbers, a `length`-digit
 * number times one digit, or a `length`-symbol string (from `alphabet`) followed by `|`.
 */
export function problemRandom(
  task: CouplingTask,
  length: number,
  rng: () => number,
  alphabet = DEFAULT_SEQUENCE_ALPHABET,
): string {
  if (!Number.isInteger(length) || length < 1)
    throw new LensError('bad-input', `The problem length must be a positive integer; got ${length}.`);
  switch (task) {
    case 'addition':
      return `${digits(length, rng)}+${digits(length, rng)}=`;
    case 'multiplication':
      return `${digits(length, rng)}*${digits(1, rng)}=`;
    default: {
      let s = '';
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(rng() * alphabet.length)] ?? '';
      return `${s}|`;
    }
  }
}
