/**
 * @file Types shared by the position-coupling rules (Cho et al. 2024, "Position Coupling"; the
 * rule that Predictive Position Coupling trains a model to predict). A problem is read from the
 * text a user selects, split into one token per character, and every token gets a rule ID.
 */

import type { CouplingTask } from '../../../shared/positions';

/** A run of characters read from the problem text, with the offset of its first character there. */
export interface Piece {
  readonly text: string;
  /** Offset (UTF-16 index) of the first character in the text given to the parser. */
  readonly offset: number;
}

/** An addition `a+b=` or an N×1 multiplication `a*b=`, with the answer when one was typed. */
export interface ParsedArithmetic {
  readonly task: 'addition' | 'multiplication';
  readonly a: Piece;
  /** The operator as typed: `+`, or `*` / `×` for multiplication. */
  readonly op: Piece;
  readonly b: Piece;
  /** The `=`; absent when the problem was selected without it (e.g. `57+68`). */
  readonly eq?: Piece;
  /** The answer typed after `=` (least-significant digit first), if any. */
  readonly given?: Piece;
}

/** A copy `s|s` or reverse `s|reverse(s)` problem, with the answer when one was typed. */
export interface ParsedSequence {
  readonly task: 'copy' | 'reverse';
  readonly input: Piece;
  /** The `|` separator; absent when only the input string was selected. */
  readonly sep?: Piece;
  readonly given?: Piece;
}

/** A problem as the parser read it. */
export type ParsedProblem = ParsedArithmetic | ParsedSequence;

/** How to assign coupled position IDs. */
export interface CoupleOptions {
  /** Start offset s added to every ID. Wins over `seed`. @default 0, or drawn from `seed` */
  readonly offset?: number;
  /** When set (and `offset` is not), s is drawn uniformly from [0, maxOffset] with this seed, as in training. */
  readonly seed?: number;
  /**
   * Largest random offset; clamped so every ID stays below `maxPosition`. @default maxPosition - 1 - (largest ID at
   * offset 0)
   */
  readonly maxOffset?: number;
  /** Number of position IDs the model has (IDs run 0 … maxPosition-1). @default 64 */
  readonly maxPosition?: number;
  /** Zero-pad the shorter addition operand in the tokens (the IDs are the same either way). @default false */
  readonly padOperands?: boolean;
  /** Zero-pad the arithmetic answer to (longest operand + 1) digits, as Cho et al. do. @default true */
  readonly padAnswer?: boolean;
}

/** A problem with its coupled position IDs: the full training sequence, prompt then expected answer. */
export interface CoupledProblem {
  readonly task: CouplingTask;
  /** One token per character: the prompt (without spaces) then the expected answer. */
  readonly tokens: readonly string[];
  /** The coupled position ID of each token (offset included). */
  readonly ruleIds: readonly number[];
  /** Offset in the problem text of the character each token was read from, or -1 (inserted padding, untyped answer). */
  readonly sources: readonly number[];
  /** The expected answer as the model writes it (arithmetic: least-significant digit first). */
  readonly answer: string;
  /** Token indices of the answer, in order (always the last `answer.length` tokens). */
  readonly answerIndices: readonly number[];
  /** The start offset s that was used. */
  readonly offset: number;
  /** The answer typed in the problem, if any. */
  readonly given?: string;
  /** Whether the typed answer equals the expected one (present when an answer was typed). */
  readonly givenCorrect?: boolean;
}

/** Whether a parsed problem is a copy or reverse problem (rather than arithmetic). */
export function isSequenceProblem(p: ParsedProblem): p is ParsedSequence {
  return p.task === 'copy' || p.task === 'reverse';
}
