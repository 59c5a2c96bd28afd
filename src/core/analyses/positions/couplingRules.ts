/**
 * @file The coupling rules: one token per character, and every token's position ID, for a start
 * offset s (following the code of Cho et al., `HanseulJo/position-coupling`).
 *
 * Arithmetic (`a+b=c` and N×1 `a*b=c`), with L = the longer operand's length as typed and e = s + L + 1:
 * - the digit of significance i (0 = units) of a, of b and of the answer all get ID e − 1 − i;
 * - the operator and `=` get ID e;
 * - the answer is written least-significant digit first, zero-padded to L + 1 digits (so its IDs
 *   run e − 1, e − 2, …, s). Example, s = 0: `57+68=521` → IDs 1 2 3 | 1 2 3 | 2 1 0.
 * Copy `x|x`: the j-th input symbol and the j-th copied symbol get s + 1 + j; `|` gets s.
 * Reverse `x|reverse(x)`: the j-th input symbol gets s + 1 + j, `|` gets s + n + 1, and the j-th
 * output symbol, a copy of input symbol n − 1 − j, gets that symbol's ID s + n − j.
 * In every rule a separator's ID is one step before the first answer ID in the answer's direction,
 * and every answer token shares its ID with the input tokens it is computed from.
 */
import {
  isSequenceProblem,
  type CoupledProblem,
  type ParsedArithmetic,
  type ParsedProblem,
  type ParsedSequence,
  type Piece,
} from './couplingTypes';

/** Rule options that change the tokens (see CoupleOptions). */
export interface RuleOptions {
  /** @default false */
  readonly padOperands?: boolean;
  /** @default true */
  readonly padAnswer?: boolean;
}

/**
 * Largest ID the rule gives at offset 0: the operator for arithmetic, the last input symbol (copy) or `|` (reverse).
 */
export function idSpan(p: ParsedProblem): number {
  if (isSequenceProblem(p)) return p.input.text.length + (p.task === 'reverse' ? 1 : 0);
  return Math.max(p.a.text.length, p.b.text.length) + 1;
}

/** Collects tokens with their IDs and source offsets. */
class Builder {
  readonly tokens: string[] = [];
  readonly ids: number[] = [];
  readonly sources: number[] = [];
  push(token: string, id: number, source: number): void {
    this.tokens.push(token);
    this.ids.push(id);
    this.sources.push(source);
  }
  /** Pushes a separator, typed or implied (source -1). */
  pushPiece(piece: Piece | undefined, fallback: string, id: number): void {
    this.push(piece?.text ?? fallback, id, piece?.offset ?? -1);
  }
}

const givenSource = (given: Piece | undefined, j: number): number =>
  given !== undefined && j < given.text.length ? given.offset + j : -1;
const trimZeros = (reversed: string): string => reversed.replace(/0+$/, '') || '0';

function finish(
  p: ParsedProblem,
  b: Builder,
  answer: string,
  offset: number,
  same: (given: string) => boolean,
): CoupledProblem {
  const start = b.tokens.length - answer.length;
  const base = {
    task: p.task,
    tokens: b.tokens,
    ruleIds: b.ids,
    sources: b.sources,
    answer,
    offset,
    answerIndices: Array.from(answer, (_, j) => start + j),
  };
  return p.given === undefined ? base : { ...base, given: p.given.text, givenCorrect: same(p.given.text) };
}

/** Pushes an operand's digits (zero-padded to `width` when asked) with IDs by significance. */
function pushOperand(b: Builder, x: Piece, width: number, e: number): void {
  for (let k = x.text.length; k < width; k++) b.push('0', e - 1 - (width - 1 - (k - x.text.length)), -1);
  const n = x.text.length;
  for (let k = 0; k < n; k++) b.push(x.text[k] ?? '', e - 1 - (n - 1 - k), x.offset + k);
}

/** The arithmetic rule (addition and N×1 multiplication). */
export function arithmeticRule(p: ParsedArithmetic, s: number, options: RuleOptions = {}): CoupledProblem {
  const L = Math.max(p.a.text.length, p.b.text.length);
  const e = s + L + 1;
  const pad = p.task === 'addition' && options.padOperands === true ? L : 0;
  const b = new Builder();
  pushOperand(b, p.a, pad, e);
  b.pushPiece(p.op, '+', e);
  pushOperand(b, p.b, pad, e);
  b.pushPiece(p.eq, '=', e);
  const x = BigInt(p.a.text);
  const y = BigInt(p.b.text);
  const value = (p.task === 'addition' ? x + y : x * y).toString();
  let answer = [...value].reverse().join('');
  if (options.padAnswer ?? true) answer = answer.padEnd(L + 1, '0');
  for (let j = 0; j < answer.length; j++) b.push(answer[j] ?? '', e - 1 - j, givenSource(p.given, j));
  return finish(p, b, answer, s, (g) => trimZeros(g) === trimZeros(answer));
}

/** The copy and reverse rules. */
export function sequenceRule(p: ParsedSequence, s: number): CoupledProblem {
  const x = p.input.text;
  const n = x.length;
  const b = new Builder();
  for (let j = 0; j < n; j++) b.push(x[j] ?? '', s + 1 + j, p.input.offset + j);
  const reverse = p.task === 'reverse';
  b.pushPiece(p.sep, '|', reverse ? s + n + 1 : s);
  const answer = reverse ? [...x].reverse().join('') : x;
  for (let j = 0; j < n; j++) b.push(answer[j] ?? '', reverse ? s + n - j : s + 1 + j, givenSource(p.given, j));
  return finish(p, b, answer, s, (g) => g === answer);
}

/** Applies the rule of the parsed problem's task at start offset `s`. */
export function coupleParsed(p: ParsedProblem, s: number, options: RuleOptions = {}): CoupledProblem {
  return isSequenceProblem(p) ? sequenceRule(p, s) : arithmeticRule(p, s, options);
}
