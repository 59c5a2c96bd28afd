/**
 * @file Longest carry chain of an arithmetic problem, the statistic the length probe breaks accuracy
 * down by (long chains are where coupled models fail, and random problems rarely hold one). For
 * `a+b`, both operands zero-padded to the longer one's length, column i (from the units) carries out
 * when a_i + b_i + carry_in ≥ 10; for `a*d` (d one digit) when a_i·d + carry_in ≥ 10 (carry 0–8).
 * The longest chain is the longest run of consecutive columns that carry out (0 when none). A copy
 * problem has none (null).
 */
import { LensError } from '../../errors';

/** Carry out of every column, units first: `a+b` (0 or 1) or `a*d` (0–8). */
export function carriesOut(a: string, b: string, op: '+' | '*'): number[] {
  const n = op === '+' ? Math.max(a.length, b.length) : a.length;
  const digit = (s: string, i: number): number => Number(s[s.length - 1 - i] ?? '0');
  const out: number[] = [];
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const column = op === '+' ? digit(a, i) + digit(b, i) + carry : digit(a, i) * Number(b) + carry;
    carry = Math.floor(column / 10);
    out.push(carry);
  }
  return out;
}

/** The longest run of consecutive non-zero carries. */
export function longestRun(carries: readonly number[]): number {
  let best = 0;
  let run = 0;
  for (const c of carries) {
    run = c > 0 ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/**
 * The longest carry chain of a problem written as the probe writes it (`123+456=`, `123*4=`; the `=` is optional),
 * or null for a copy or reverse problem (`0123|`). Throws `bad-input` for anything else.
 */
export function longestCarryChain(problem: string): number | null {
  const text = problem.trim().replace(/=$/u, '');
  if (/^[^|]*\|$/u.test(text)) return null;
  const m = /^(\d+)([+*])(\d+)$/u.exec(text);
  const [, a, op, b] = m ?? [];
  if (a === undefined || b === undefined || (op !== '+' && op !== '*') || (op === '*' && b.length !== 1)) {
    throw new LensError(
      'bad-input',
      `"${problem.slice(0, 40)}" is not an addition like 57+68= or an n×1 multiplication like 123*4=.`,
    );
  }
  return longestRun(carriesOut(a, b, op));
}
