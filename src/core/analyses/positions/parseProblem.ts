/**
 * @file Reads a coupling problem as a user would select it in a file, and rejects anything else
 * with a `bad-input` LensError that names the expected form. Accepted forms (surrounding
 * whitespace is ignored, and spaces around `+ * × = |` are allowed):
 * - addition: `48213+9077=` — two numbers of ASCII digits 0-9 (zero-padding allowed), `+`, then
 *   optionally `=` and the answer, least-significant digit first (`57+68=521`);
 * - multiplication (N×1): `123*7=` — a number, `*` or `×`, one digit, then optionally `=` and the answer;
 * - copy and reverse: `abc|` — printable ASCII symbols other than `|` and spaces, then optionally
 *   `|` and the answer (`abc|abc`, `abc|cba`).
 * Digits from other scripts (Arabic-Indic `٢`, full-width `２`, …) and any other non-ASCII character
 * (except `×` in multiplication) are refused with a message that names the character and its column.
 */
import type { CouplingTask } from '../../../shared/positions';
import type { ParsedArithmetic, ParsedProblem, ParsedSequence, Piece } from './couplingTypes';
import { LensError } from '../../errors';

const FORMS: Record<CouplingTask, string> = {
  addition:
    'an addition problem like "48213+9077=" (two numbers of digits 0-9 joined by "+", then "=" and optionally ' +
    'the answer, least-significant digit first)',
  multiplication:
    'an N×1 multiplication problem like "123*7=" (a number of digits 0-9, "*", one digit, then "=" and ' +
    'optionally the answer, least-significant digit first)',
  copy: 'a copy problem like "abc|" (printable ASCII symbols without spaces or "|", then "|" and optionally the copy)',
  reverse:
    'a reverse problem like "abc|" (printable ASCII symbols without spaces or "|", then "|" and optionally the ' +
    'reversed string)',
};

/** The `bad-input` error for a problem of `task`, naming the expected form and what was wrong. */
export function problemError(task: CouplingTask, detail: string): LensError {
  return new LensError('bad-input', `Expected ${FORMS[task]}; ${detail}.`);
}

const hex = (c: string): string => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isSymbol = (c: string): boolean => c > ' ' && c <= '~' && c !== '|';

/** Refuses the first non-ASCII character, with a dedicated message for digits of other scripts. */
function asciiOnly(task: CouplingTask, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = String.fromCodePoint(text.codePointAt(i) ?? 0);
    if (c.charCodeAt(0) < 0x80 || (task === 'multiplication' && c === '×')) continue;
    if (/\p{Nd}/u.test(c)) {
      throw problemError(
        task,
        `"${c}" (${hex(c)}) at column ${i + 1} is a digit from another script; write digits as ASCII 0-9`,
      );
    }
    throw problemError(task, `"${c}" (${hex(c)}) at column ${i + 1} is not an ASCII character`);
  }
}

/** A cursor over the text that reads runs and reports columns. */
class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }
  run(ok: (c: string) => boolean): Piece {
    const offset = this.pos;
    while (this.pos < this.text.length && ok(this.text[this.pos] ?? '')) this.pos++;
    return { text: this.text.slice(offset, this.pos), offset };
  }
  take(chars: string): Piece | undefined {
    this.skipSpaces();
    const c = this.text[this.pos];
    if (c === undefined || !chars.includes(c)) return undefined;
    this.pos++;
    return { text: c, offset: this.pos - 1 };
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  /** Describes the character under the cursor, for error messages. */
  found(): string {
    const c = this.text[this.pos];
    return c === undefined ? 'the text ends there' : `found "${c}" at column ${this.pos + 1}`;
  }
}

function number(task: CouplingTask, cur: Cursor, which: string): Piece {
  cur.skipSpaces();
  const p = cur.run(isDigit);
  if (p.text === '') throw problemError(task, `the ${which} number is missing (${cur.found()})`);
  return p;
}

function parseArithmetic(task: 'addition' | 'multiplication', cur: Cursor): ParsedArithmetic {
  const a = number(task, cur, 'first');
  const op = cur.take(task === 'addition' ? '+' : '*×');
  if (op === undefined)
    throw problemError(task, `expected "${task === 'addition' ? '+' : '*'}" after the first number, ${cur.found()}`);
  const b = number(task, cur, 'second');
  if (task === 'multiplication' && b.text.length !== 1) {
    throw problemError(
      task,
      `the second factor "${b.text}" has ${b.text.length} digits, but this is N×1 multiplication`,
    );
  }
  const eq = cur.take('=');
  if (eq === undefined) {
    cur.skipSpaces();
    if (!cur.done) throw problemError(task, `expected "=" after the second number, ${cur.found()}`);
    return { task, a, op, b };
  }
  cur.skipSpaces();
  const given = cur.run(isDigit);
  cur.skipSpaces();
  if (!cur.done) throw problemError(task, `the answer may hold only digits 0-9, ${cur.found()}`);
  return given.text === '' ? { task, a, op, b, eq } : { task, a, op, b, eq, given };
}

function parseSequence(task: 'copy' | 'reverse', cur: Cursor): ParsedSequence {
  const input = cur.run(isSymbol);
  if (input.text === '') throw problemError(task, `the string before "|" is empty (${cur.found()})`);
  const sep = cur.take('|');
  if (sep === undefined) {
    cur.skipSpaces();
    if (!cur.done) throw problemError(task, `expected "|" after the string, ${cur.found()}`);
    return { task, input };
  }
  cur.skipSpaces();
  const given = cur.run(isSymbol);
  cur.skipSpaces();
  if (!cur.done) throw problemError(task, `the answer may not contain spaces or a second "|", ${cur.found()}`);
  return given.text === '' ? { task, input, sep } : { task, input, sep, given };
}

/** Parses `text` as a problem of `task`; throws a `bad-input` LensError naming the expected form. */
export function parseProblem(text: string, task: CouplingTask): ParsedProblem {
  asciiOnly(task, text);
  const cur = new Cursor(text);
  cur.skipSpaces();
  if (cur.done) throw problemError(task, 'the selection is empty');
  return task === 'addition' || task === 'multiplication' ? parseArithmetic(task, cur) : parseSequence(task, cur);
}

/**
 * Guesses the task from the text: `+` addition, `*`/`×` multiplication, `|` copy (reverse when the typed answer is the
 * reversed input).
 */
export function taskGuess(text: string): CouplingTask | undefined {
  if (/^\s*\d+\s*\+/.test(text)) return 'addition';
  if (/^\s*\d+\s*[*×]/.test(text)) return 'multiplication';
  const m = /^\s*([^|\s]+)\s*\|\s*([^|\s]*)\s*$/.exec(text);
  if (m === null) return undefined;
  const [, input = '', given = ''] = m;
  const reversed = [...input].reverse().join('');
  return given !== '' && given === reversed && given !== input ? 'reverse' : 'copy';
}
