/**
 * @file The simulator of Turing programs (program.ts): the successor of a line, computed from that
 * line alone (take the last digit of each operand and the carry mark, write the next sum digit and
 * carry), and a checker that follows a written program line by line, so the first wrong step is
 * found with the line it should have been.
 */
import { markOf } from './additionMachine';
import { programLines, type ProgramLine, type ProgramProblem, type ProgramTask } from './program';

/** A step line taken apart: operands left, carry in, sum digits written so far (units last). */
interface LineParts {
  readonly left: readonly string[];
  readonly right: readonly string[];
  readonly carry: number;
  readonly sum: readonly string[];
}

const DIGIT = /^\d$/u;
const isDigits = (cells: readonly string[]): boolean => cells.every((c) => DIGIT.test(c));
const OPERATOR: Record<ProgramTask, string> = { addition: '+', multiplication: '*' };
/** Largest carry of a column: 1 for addition, 8 for n×1 multiplication (9·9 + 8 = 89). */
const MAX_CARRY: Record<ProgramTask, number> = { addition: 1, multiplication: 8 };

function carryOf(task: ProgramTask, mark: string | undefined): number | undefined {
  for (let c = 0; c <= MAX_CARRY[task]; c++) if (markOf(c) === mark) return c;
  return undefined;
}

/** Takes a line 0 or step line apart; undefined when it is not one (an answer line, or malformed). */
function lineParts(task: ProgramTask, cells: ProgramLine): LineParts | undefined {
  const at = cells.indexOf(OPERATOR[task]);
  if (at < 0 || cells.lastIndexOf(OPERATOR[task]) !== at) return undefined;
  const left = cells.slice(0, at);
  const after = cells.slice(at + 1);
  const width = task === 'addition' ? left.length : 1;
  const right = after.slice(0, width);
  if (right.length !== width || !isDigits(left) || !isDigits(right)) return undefined;
  if (after.length === width) return left.length === 0 ? undefined : { left, right, carry: 0, sum: [] };
  const carry = carryOf(task, after[width]);
  const sum = after.slice(width + 1);
  if (carry === undefined || sum.length === 0 || !isDigits(sum)) return undefined;
  return { left, right, carry, sum };
}

/**
 * The line that follows `cells` in a program of `task`: the next step, or the answer line after the
 * last step. Undefined when nothing follows (an answer line) or the line is malformed.
 */
export function programSuccessor(task: ProgramTask, cells: ProgramLine): ProgramLine | undefined {
  const p = lineParts(task, cells);
  if (p === undefined) return undefined;
  if (p.left.length === 0) return p.carry > 0 ? [String(p.carry), ...p.sum] : [...p.sum];
  const x = Number(p.left[p.left.length - 1]);
  const y = Number(task === 'addition' ? p.right[p.right.length - 1] : p.right[0]);
  const value = task === 'addition' ? x + y + p.carry : x * y + p.carry;
  const carry = Math.floor(value / 10);
  const left = p.left.slice(0, -1);
  const right = task === 'addition' ? p.right.slice(0, -1) : p.right;
  return [...left, OPERATOR[task], ...right, markOf(carry), String(value % 10), ...p.sum];
}

/** How a written line compares with the successor of the line before it. */
export type LineStatus = 'right' | 'wrong' | 'unchecked';

/** One written line with the simulator's verdict. */
export interface CheckedLine {
  /** 0-based line number (line 0 is the problem). */
  readonly index: number;
  readonly cells: ProgramLine;
  /** `right`/`wrong` against the successor of the line before it as written; `unchecked` when that one is malformed. */
  readonly status: LineStatus;
  /** The successor of the line before it, when the line is wrong. */
  readonly expected?: ProgramLine;
}

/** Checks written lines one at a time (line 0 first), as a model writes them. */
export class ProgramChecker {
  private previous: ProgramLine;
  private count = 1;
  private firstWrongAt: number | undefined;
  private readonly truth: readonly ProgramLine[];

  /**
   * A checker of the program of `problem`; line 0 is the problem's and is not passed to `next`. `direct`: the
   * baseline without a scratchpad, whose line 1 is the answer.
   */
  constructor(
    readonly problem: ProgramProblem,
    private readonly direct = false,
  ) {
    this.truth = programLines(problem);
    this.previous = this.truth[0] ?? [];
  }

  /** The program's true lines. */
  get lines(): readonly ProgramLine[] {
    return this.truth;
  }

  /** The first wrong line's index, if any so far. */
  get firstWrong(): number | undefined {
    return this.firstWrongAt;
  }

  /**
   * Called when the writing ends: the line that should have come next when the program stopped before its answer
   * (and nothing was wrong before), which then counts as the first wrong step.
   */
  finish(): CheckedLine | undefined {
    if (this.firstWrongAt !== undefined) return undefined;
    const want = this.successor(this.count);
    if (want === undefined) return undefined;
    this.firstWrongAt = this.count;
    return { index: this.count, cells: [], status: 'wrong', expected: want };
  }

  /** What line `index` should be, given the line written before it. */
  private successor(index: number): ProgramLine | undefined {
    if (this.direct && index === 1) return this.truth[this.truth.length - 1];
    return programSuccessor(this.problem.task, this.previous);
  }

  /** Checks the next written line against the successor of the previous written line. */
  next(cells: ProgramLine): CheckedLine {
    const index = this.count++;
    const want = this.successor(index);
    this.previous = cells;
    if (want === undefined) {
      // Nothing follows the previous line: after a right answer line any line is wrong; after a wrong one, unchecked.
      const wrong = this.firstWrongAt === undefined;
      if (wrong) this.firstWrongAt = index;
      return { index, cells, status: wrong ? 'wrong' : 'unchecked' };
    }
    if (sameLine(want, cells)) return { index, cells, status: 'right' };
    this.firstWrongAt ??= index;
    return { index, cells, status: 'wrong', expected: want };
  }
}

/** Whether two lines have the same cells. */
export function sameLine(a: ProgramLine, b: ProgramLine): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}
