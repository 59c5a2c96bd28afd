/**
 * @file Reads a Turing program typed as text (cells separated by spaces, lines by newlines): line 0
 * is the problem (`5 7 + 6 8`), the next lines the steps and the answer. Every cell must be a token
 * of the vocabulary; a wrong cell or problem line is a `bad-input` LensError naming the line.
 */
import { programProblem, type ProgramLine, type ProgramProblem, type ProgramTask } from './program';
import { programId } from './programTokens';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';

/** A typed program: its problem (from line 0) and the lines after line 0. */
export interface ParsedProgram {
  readonly problem: ProgramProblem;
  readonly steps: readonly ProgramLine[];
}

/** Largest program text read (characters). */
export const MAX_PROGRAM_TEXT = 4 * 1024 * 1024;

const CELLS = 'cells are digits, "+", "*", the carry marks a-j, separated by spaces';

/** Parses a program's text; `task` (when given) must match line 0's operator. */
export function programParse(text: string, task?: ProgramTask): ParsedProgram {
  if (text.length > MAX_PROGRAM_TEXT)
    throw new LensError(
      'too-long',
      `The program has ${text.length} characters; at most ${MAX_PROGRAM_TEXT} are read. Shorten it.`,
    );
  const lines = text
    .split(/\r?\n/u)
    .map((t, i) => ({
      n: i + 1,
      cells: t
        .trim()
        .split(/\s+/u)
        .filter((c) => c !== ''),
    }))
    .filter((l) => l.cells.length > 0);
  const first = lines[0];
  if (first === undefined)
    throw new LensError('bad-input', 'Expected a Turing program whose first line is a problem like "5 7 + 6 8".');
  for (const l of lines) {
    const bad = l.cells.find((c) => programId(c) === undefined || c === '|' || c.startsWith('<'));
    if (bad !== undefined) throw new LensError('bad-input', `Line ${l.n} has the cell "${quote(bad)}"; ${CELLS}.`);
  }
  let problem: ProgramProblem;
  try {
    problem = programProblem(first.cells.join(''), task);
  } catch (e) {
    const why = e instanceof LensError ? e.message : String(e);
    throw new LensError('bad-input', `Line ${first.n}, the problem: ${why}`);
  }
  const padded = problem.task === 'addition' && first.cells.indexOf('+') * 2 + 1 !== first.cells.length;
  if (padded)
    throw new LensError(
      'bad-input',
      `Line ${first.n}, the problem: both operands must have the same number of digits (pad the shorter with ` +
        `zeros), e.g. "0 5 + 6 8".`,
    );
  return { problem, steps: lines.slice(1).map((l) => l.cells) };
}
