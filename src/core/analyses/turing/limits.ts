/**
 * @file Limits of a Turing run, checked before and during the work so that memory stays bounded: a
 * scratchpad holds every step's whole tape, so its size is steps × tape. Each limit names the CLI
 * flag that raises it. The defaults fit real use: the addition machine on two 50-digit numbers
 * needs about 10,000 steps of about 100 cells (1 million cells in all).
 */
import { LensError } from '../../errors';

/** The bounds of one run. */
export interface TuringLimits {
  /** Transitions made before the run stops with `limit` (`--max-steps`). */
  readonly maxSteps: number;
  /** Cells of the written tape in any one step (`--max-tape`). */
  readonly maxTape: number;
  /** Symbols of the input (`--max-input`). */
  readonly maxInput: number;
  /** Cells of the whole scratchpad, summed over its steps (`--max-cells`). */
  readonly maxCells: number;
}

/** The default limits (about 16 MB of tape references and 20 MB of scratchpad text at most). */
export const TURING_LIMITS: TuringLimits = {
  maxSteps: 10_000,
  maxTape: 10_000,
  maxInput: 10_000,
  maxCells: 2_000_000,
};

/** The flag that raises each limit. */
export const LIMIT_FLAGS: Readonly<Record<keyof TuringLimits, string>> = {
  maxSteps: '--max-steps',
  maxTape: '--max-tape',
  maxInput: '--max-input',
  maxCells: '--max-cells',
};

/** The defaults with the limits a request gives (undefined fields keep their default). */
export function turingLimits(given: { readonly [K in keyof TuringLimits]?: number | undefined } = {}): TuringLimits {
  return {
    maxSteps: given.maxSteps ?? TURING_LIMITS.maxSteps,
    maxTape: given.maxTape ?? TURING_LIMITS.maxTape,
    maxInput: given.maxInput ?? TURING_LIMITS.maxInput,
    maxCells: given.maxCells ?? TURING_LIMITS.maxCells,
  };
}

/**
 * A `too-long` error: what is over which limit, and the flag that raises it. `size` is the size
 * found, or undefined when counting stopped past the limit.
 */
export function overLimit(what: string, size: number | undefined, limit: number, key: keyof TuringLimits): LensError {
  const flag = LIMIT_FLAGS[key];
  const has = size === undefined ? `more than ${limit}` : `${size}`;
  return new LensError(
    'too-long',
    `${what} has ${has} ${limitWord(key)}, over the limit of ${limit} (${flag}). ` +
      `Give a smaller input or machine, or raise ${flag}.`,
  );
}

function limitWord(key: keyof TuringLimits): string {
  return key === 'maxSteps' ? 'steps' : key === 'maxInput' ? 'symbols' : 'cells';
}
