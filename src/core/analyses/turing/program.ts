/**
 * @file Turing programs for arithmetic (Hou et al. 2024): the scratchpad the Turing-program models
 * are trained on. Each line copies the previous one with a local edit: the last digit of each
 * operand is consumed and one digit of the result is written, after the carry mark.
 * Addition `a+b` (operands zero-padded on the left to the longer one's length n):
 * - line 0: `a_1 … a_n + b_1 … b_n`;
 * - line k = 1…n: `a_1 … a_{n−k} + b_1 … b_{n−k} C_k s_k … s_1` (s_1 the units digit of the sum,
 *   C_k the mark of the carry out of column k: `a` none, `b` one, as `markOf`);
 * - the answer line: `1 s_n … s_1` when the last carry is one, else `s_n … s_1`.
 * Multiplication n×1 `a*d`: line 0 `a_1 … a_n * d`; line k `a_1 … a_{n−k} * d C_k s_k … s_1` (carry
 * 0–8); the answer line: the last carry digit when it is not 0, then `s_n … s_1`.
 * Text form: cells separated by one space, lines by "\n". `57+68`: `5 7 + 6 8` / `5 + 6 b 5` /
 * `+ b 2 5` / `1 2 5`.
 */
import { markOf } from './additionMachine';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';
import type { PROGRAM_TASKS } from '../../../shared/turing';

/** A Turing-program task. */
export type ProgramTask = (typeof PROGRAM_TASKS)[number];

/** A problem: the operands as typed, the second one padded (addition) or one digit (multiplication). */
export interface ProgramProblem {
  readonly task: ProgramTask;
  /** The first operand's digits, most significant first, zero-padded to the longer operand's length. */
  readonly a: string;
  /** The second operand: padded like `a` for addition, one digit for multiplication. */
  readonly b: string;
}

/** One line of a program: its cells. */
export type ProgramLine = readonly string[];

/** Longest operand a problem may have (digits): lines grow as n², so 200 digits is about 60 000 tokens. */
export const MAX_PROGRAM_DIGITS = 200;

const OPERATOR: Record<ProgramTask, string> = { addition: '+', multiplication: '*' };

/** Sum digit and carry out of column `k` (1 = units) given the carry in. */
function column(p: ProgramProblem, k: number, carry: number): { digit: number; carry: number } {
  const n = p.a.length;
  const x = Number(p.a[n - k]);
  const value = p.task === 'addition' ? x + Number(p.b[n - k]) + carry : x * Number(p.b) + carry;
  return { digit: value % 10, carry: Math.floor(value / 10) };
}

/** The operand part of line k (what is left of the operands). */
function operands(p: ProgramProblem, k: number): string[] {
  const n = p.a.length;
  const a = [...p.a.slice(0, n - k)];
  return p.task === 'addition' ? [...a, '+', ...p.b.slice(0, n - k)] : [...a, '*', p.b];
}

/** Every line of the program of `p`: line 0, the n steps, and the answer line. */
export function programLines(p: ProgramProblem): ProgramLine[] {
  const n = p.a.length;
  const lines: ProgramLine[] = [operands(p, 0)];
  const sum: string[] = [];
  let carry = 0;
  for (let k = 1; k <= n; k++) {
    const c = column(p, k, carry);
    carry = c.carry;
    sum.unshift(String(c.digit));
    lines.push([...operands(p, k), markOf(carry), ...sum]);
  }
  lines.push(carry > 0 ? [String(carry), ...sum] : sum);
  return lines;
}

/** The program's text: cells separated by spaces, lines by "\n". */
export function programText(lines: readonly ProgramLine[]): string {
  return lines.map((l) => l.join(' ')).join('\n');
}

/** The answer the program ends with, as a number's digits (leading zeros of padded operands kept). */
export function programAnswer(p: ProgramProblem): string {
  const lines = programLines(p);
  return (lines[lines.length - 1] ?? []).join('');
}

const PROBLEM = /^\s*(\d+)\s*([+*])\s*(\d+)\s*=?\s*$/u;

/**
 * Reads a problem as typed (`57+68`, `123*4`, an optional `=`); `task` refuses the other operator.
 * Throws a `bad-input` LensError saying what form is expected.
 */
export function programProblem(text: string, task?: ProgramTask): ProgramProblem {
  const forms = { multiplication: '"123*4" (n digits times one digit)', addition: '"57+68"' };
  const form = task === undefined ? '"57+68" or "123*4"' : forms[task];
  const m = PROBLEM.exec(text);
  if (m === null) throw new LensError('bad-input', `Expected a problem like ${form}, not "${quote(text)}".`);
  const [, a = '', op = '', b = ''] = m;
  const found: ProgramTask = op === '+' ? 'addition' : 'multiplication';
  if (task !== undefined && task !== found)
    throw new LensError(
      'bad-input',
      `Expected ${task === 'addition' ? 'an' : 'a'} ${task} problem like ${form}, not the ${found} "${quote(text)}".`,
    );
  if (found === 'multiplication' && b.length !== 1)
    throw new LensError(
      'bad-input',
      `The multiplication program multiplies by one digit (n×1, e.g. "123*4"); "${quote(text)}" has ${b.length}.`,
    );
  const n = Math.max(a.length, found === 'addition' ? b.length : 0);
  if (n > MAX_PROGRAM_DIGITS)
    throw new LensError(
      'too-long',
      `The problem has ${n}-digit operands; Turing programs are written for at most ${MAX_PROGRAM_DIGITS}. ` +
        `Give a shorter problem.`,
    );
  return found === 'addition' ? { task: found, a: a.padStart(n, '0'), b: b.padStart(n, '0') } : { task: found, a, b };
}

/** The problem written as line 0 of its program shows it (`57+68`, `123*4`). */
export function problemString(p: ProgramProblem): string {
  return `${p.a}${OPERATOR[p.task]}${p.b}`;
}
