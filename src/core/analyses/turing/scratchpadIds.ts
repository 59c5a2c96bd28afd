/**
 * @file Coupled position IDs of a scratchpad. Every step copies the previous tape, so each cell
 * gets the ID of the cell it copies in the previous step: a cell's ID is fixed by its absolute
 * tape index, and the IDs repeat every step. With offset s and the leftmost cell of the whole
 * scratchpad at absolute index m, the cell at absolute index k gets s + 1 + (k − m); a cell the
 * tape grows by gets a new ID (one below the leftmost or above the rightmost). The head cell
 * `[q|x]` is one token with its cell's ID. Steps are separated by a "\n" token with ID s, as the
 * copy rule gives its separator (no separator after the last step).
 * Example (s = 0): `[q0|1] 1` / `1 [q0|1]` / `1 1 [q0|_]` → IDs 1 2 0 1 2 0 1 2 3.
 */
import type { Config } from './machine';
import { configRender } from './scratchpad';
import { LensError } from '../../errors';

/** Tokens of a scratchpad with their coupled IDs. */
export interface ScratchpadIds {
  /** One token per cell (the head cell as `[q|x]`), "\n" between steps. */
  readonly tokens: readonly string[];
  readonly ids: readonly number[];
  /** The step each token belongs to (a separator belongs to the step before it). */
  readonly stepOf: readonly number[];
  /** IDs per step, cell by cell. */
  readonly cellIds: readonly (readonly number[])[];
}

/** The separator token between steps. */
export const STEP_SEPARATOR = '\n';

/** Coupled IDs for the steps of a scratchpad (from `turingScratchpad`, `scratchpadCheck` or `scratchpadParse`). */
export function scratchpadIds(steps: readonly Config[], offset = 0): ScratchpadIds {
  if (!Number.isInteger(offset) || offset < 0)
    throw new LensError('bad-input', `The offset must be a non-negative integer; got ${offset}.`);
  const left = steps.reduce((m, c) => Math.min(m, c.origin), Infinity);
  const tokens: string[] = [];
  const ids: number[] = [];
  const stepOf: number[] = [];
  const cellIds = steps.map((c, t) => {
    if (t > 0) {
      tokens.push(STEP_SEPARATOR);
      ids.push(offset);
      stepOf.push(t - 1);
    }
    const row = c.cells.map((_, i) => offset + 1 + (c.origin + i - left));
    const texts = configRender(c).split(' ');
    for (const [i, id] of row.entries()) {
      tokens.push(texts[i] ?? '');
      ids.push(id);
      stepOf.push(t);
    }
    return row;
  });
  return { tokens, ids, stepOf, cellIds };
}
