/**
 * @file Groups tokens that cover the same source range (the bytes of one multi-byte character
 * in a byte-level model) into one cell, summing their surprisal, for decorations and hovers.
 */
import type { SurprisalToken } from '../../shared/surprisal';

/** A source range with the total surprisal of the tokens that cover it. */
export interface DisplayCell {
  readonly start: number;
  readonly end: number;
  readonly surprisal: number;
  /** Index of the first token of the cell in the result. */
  readonly first: number;
  /** Number of tokens in the cell. */
  readonly count: number;
}

/** Merges consecutive tokens with identical ranges; empty ranges are dropped. */
export function displayCells(tokens: readonly SurprisalToken[]): DisplayCell[] {
  const cells: DisplayCell[] = [];
  tokens.forEach((t, i) => {
    const last = cells[cells.length - 1];
    if (last !== undefined && last.start === t.start && last.end === t.end) {
      cells[cells.length - 1] = { ...last, surprisal: last.surprisal + t.surprisal, count: last.count + 1 };
    } else if (t.end > t.start) {
      cells.push({ start: t.start, end: t.end, surprisal: t.surprisal, first: i, count: 1 });
    }
  });
  return cells;
}

/** Number of colour levels used for surprisal. */
export const SURPRISAL_LEVELS = 8;

/** Colour level of a surprisal: 0 below 1 bit, then one level per 1.5 bits, capped. */
export function surprisalLevel(bits: number): number {
  if (!(bits >= 1)) return 0;
  return Math.min(SURPRISAL_LEVELS - 1, 1 + Math.floor((bits - 1) / 1.5));
}

/** The cell containing a document offset (binary search), if any. */
export function cellAt(cells: readonly DisplayCell[], offset: number): DisplayCell | undefined {
  let lo = 0;
  let hi = cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = cells[mid];
    if (c === undefined) break;
    if (offset < c.start) hi = mid - 1;
    else if (offset >= c.end) lo = mid + 1;
    else return c;
  }
  return undefined;
}

const cellCache = new WeakMap<readonly SurprisalToken[], DisplayCell[]>();

/** {@link displayCells} of a result's tokens, computed once per result (decorations and the hover share it). */
export function cellsOf(tokens: readonly SurprisalToken[]): DisplayCell[] {
  let cells = cellCache.get(tokens);
  if (cells === undefined) {
    cells = displayCells(tokens);
    cellCache.set(tokens, cells);
  }
  return cells;
}

/** Index of the first cell that ends after `offset` (cells.length when none does). */
export function firstCellAfter(cells: readonly DisplayCell[], offset: number): number {
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cells[mid]?.end ?? Infinity) > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The cells that overlap `[start, end)`, in order. */
export function cellsIn(cells: readonly DisplayCell[], start: number, end: number): DisplayCell[] {
  const out: DisplayCell[] = [];
  for (let i = firstCellAfter(cells, start); i < cells.length; i++) {
    const c = cells[i];
    if (c === undefined || c.start >= end) break;
    out.push(c);
  }
  return out;
}

/** Most lines marked in the overview ruler (the most surprising first). */
export const RULER_LINES = 500;
/** Ruler marks are for tokens at this level and above. */
const RULER_LEVEL = SURPRISAL_LEVELS - 2;

/** The lines to mark in the overview ruler: those of the cells at `RULER_LEVEL` and above, most surprising first. */
export function rulerOffsets(cells: readonly DisplayCell[], max = RULER_LINES): number[] {
  const strong = cells.filter((c) => surprisalLevel(c.surprisal) >= RULER_LEVEL);
  strong.sort((a, b) => b.surprisal - a.surprisal);
  return strong.slice(0, max).map((c) => c.start);
}
