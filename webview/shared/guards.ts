/**
 * @file Small type guards shared by the webview message validators. Each checks one JSON value
 * that arrived from outside the view and narrows its type only when it is well formed.
 */
import type { SourceSpot, TokenCandidate } from '../../src/shared/results';

/** A plain JSON object, read as a record of unknown values. */
export type Rec = Readonly<Record<string, unknown>>;

/** True for a non-null, non-array object. */
export function isRecord(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True for a number that is neither NaN nor infinite. */
export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** True for a non-negative safe integer (offsets, counts, indices). */
export function isOffset(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

/** True for an array of strings. */
export function isStringArray(x: unknown): x is readonly string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}

/** True for a candidate token with a probability in [0, 1]. */
export function isCandidate(x: unknown): x is TokenCandidate {
  return isRecord(x) && typeof x['text'] === 'string' && isFiniteNumber(x['p']) && x['p'] >= 0 && x['p'] <= 1;
}

/** True for a document range with its 0-based line and character (`end` not before `start`). */
export function isSourceSpot(x: unknown): x is SourceSpot {
  if (!isRecord(x)) return false;
  const { start, end, line, character } = x;
  return isOffset(start) && isOffset(end) && end >= start && isOffset(line) && isOffset(character);
}
