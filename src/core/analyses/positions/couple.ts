/**
 * @file `couple(problem, task, options)`: parses a selected problem, checks that its position IDs
 * fit the model's range, picks the start offset (given, or drawn from a seed as in training) and
 * applies the task's coupling rule (see couplingRules.ts for the rules themselves).
 */
import { coupleParsed, idSpan } from './couplingRules';
import { isSequenceProblem, type CoupledProblem, type CoupleOptions, type ParsedProblem } from './couplingTypes';
import type { CouplingTask } from '../../../shared/positions';
import { parseProblem } from './parseProblem';
import { LensError } from '../../errors';
import { rngSeeded } from '../../random/rng';

/** Position IDs a model has when the caller does not say. */
export const DEFAULT_MAX_POSITION = 64;

function checkInteger(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min)
    throw new LensError('bad-input', `${name} must be an integer of at least ${min}; got ${v}.`);
}

/** Refuses problems whose IDs at offset 0 already pass the last position ID. */
function checkRange(p: ParsedProblem, span: number, maxPosition: number): void {
  if (span <= maxPosition - 1) return;
  const room = maxPosition - 1;
  const what = isSequenceProblem(p)
    ? `the string has ${p.input.text.length} symbols; ${p.task} takes at most ${room - (p.task === 'reverse' ? 1 : 0)}`
    : `the longer number has ${span - 1} digits; ${p.task} takes at most ${room - 1} digits per operand`;
  throw new LensError(
    'too-long',
    `This problem needs position IDs up to ${span}, but the model's IDs stop at ${room} (max position ` +
      `${maxPosition}): ${what}. Choose a shorter problem.`,
  );
}

/** The start offset: the given one (checked), one drawn from the seed, or 0. */
export function offsetChoose(span: number, options: CoupleOptions = {}): number {
  const maxPosition = options.maxPosition ?? DEFAULT_MAX_POSITION;
  const room = maxPosition - 1 - span;
  if (options.offset !== undefined) {
    checkInteger('The offset', options.offset, 0);
    if (options.offset > room) {
      throw new LensError(
        'too-long',
        `Offset ${options.offset} would push the position IDs past ${maxPosition - 1} (max position ` +
          `${maxPosition}); this problem allows offsets 0 to ${room}.`,
      );
    }
    return options.offset;
  }
  if (options.seed === undefined) return 0;
  const maxOffset = Math.min(options.maxOffset ?? room, room);
  checkInteger('maxOffset', maxOffset, 0);
  return Math.floor(rngSeeded(options.seed)() * (maxOffset + 1));
}

/**
 * Parses `problem` as a `task` problem and gives every token its coupled position ID. Throws a
 * `bad-input` LensError for text that is not such a problem, `too-long` when the IDs do not fit.
 */
export function couple(problem: string, task: CouplingTask, options: CoupleOptions = {}): CoupledProblem {
  const maxPosition = options.maxPosition ?? DEFAULT_MAX_POSITION;
  checkInteger('maxPosition', maxPosition, 2);
  const parsed = parseProblem(problem, task);
  const span = idSpan(parsed);
  checkRange(parsed, span, maxPosition);
  const offset = offsetChoose(span, options);
  const rule = {
    ...(options.padOperands === undefined ? {} : { padOperands: options.padOperands }),
    ...(options.padAnswer === undefined ? {} : { padAnswer: options.padAnswer }),
  };
  return coupleParsed(parsed, offset, rule);
}
