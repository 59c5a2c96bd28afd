/**
 * @file What the MLP-vs-trees view draws, from its result without the DOM (unit-tested): the train fractions and
 * methods in order, each score by method and fraction, the best per fraction, and the reading line.
 */
import { TABLE_METHODS, type TableCompareResult, type TableMethod, type TableScore } from '../../src/shared/parity';
import { METHOD_NAMES } from './help';

/** A share as a percentage: 0.01 → "1%", 0.125 → "12.5%". */
export const percent = (x: number): string => `${Number((100 * x).toPrecision(3))}%`;

/** The fractions of a result, ascending. */
export const fractionsOf = (r: TableCompareResult): number[] =>
  [...new Set(r.scores.map((s) => s.fraction))].sort((a, b) => a - b);

/** The methods of a result, in the fixed order MLP, CART, boosted. */
export const methodsOf = (r: TableCompareResult): TableMethod[] =>
  TABLE_METHODS.filter((m) => r.scores.some((s) => s.method === m));

/** The score of `method` at `fraction`, if any. */
export const scoreAt = (r: TableCompareResult, method: TableMethod, fraction: number): TableScore | undefined =>
  r.scores.find((s) => s.method === method && s.fraction === fraction);

/** The method(s) with the highest test accuracy at `fraction` (ties all count). */
export function bestAt(r: TableCompareResult, fraction: number): TableMethod[] {
  const at = r.scores.filter((s) => s.fraction === fraction);
  const top = Math.max(...at.map((s) => s.testAccuracy));
  return at.filter((s) => s.testAccuracy === top).map((s) => s.method);
}

/** The line above the figures: who wins with the least and with all the data. */
export function reading(r: TableCompareResult): string {
  const fr = fractionsOf(r);
  const lo = fr[0];
  const hi = fr[fr.length - 1];
  if (lo === undefined || hi === undefined) return 'No scores.';
  const names = (f: number): string =>
    bestAt(r, f)
      .map((m) => METHOD_NAMES[m])
      .join(' and ');
  const at = (f: number): string => {
    const best = bestAt(r, f)[0];
    const s = best === undefined ? undefined : scoreAt(r, best, f);
    return s === undefined ? '' : ` (${percent(s.testAccuracy)} on ${s.trainRows.toLocaleString('en-US')} rows)`;
  };
  const verb = bestAt(r, lo).length > 1 ? 'score' : 'scores';
  const head = `With ${percent(lo)} of the training rows, ${names(lo)} ${verb} best${at(lo)}`;
  return lo === hi ? `${head}.` : `${head}; with ${percent(hi)}, ${names(hi)}${at(hi)}.`;
}

/** The summary line: the table, its label and size. */
export function summary(r: TableCompareResult, source: string | undefined): string {
  const name = (source ?? r.source).split(/[\\/]/u).pop() ?? r.source;
  return (
    `MLP vs trees on ${name}: predicting ${r.label} (${r.classes.length} classes) from ` +
    `${r.features.length} columns, ${r.trainRows.toLocaleString('en-US')} training and ` +
    `${r.testRows.toLocaleString('en-US')} test rows`
  );
}
