/**
 * @file Number formats of the composition view.
 */

/** A share as a percentage, e.g. 0.4167 → "41.7%". */
export function percent(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)}%`;
}

/** A number rounded for a table cell; "–" for null. */
export function cell(x: number | null, digits = 3): string {
  return x === null ? '–' : x.toFixed(digits);
}
