/**
 * @file The checks of a run's values: a mapping's columns exist, N, D and C are positive numbers (a size such as
 * "125M" or "1.5B" read as one), losses are finite numbers; each refusal names the run, the row and the column.
 */
import { LensError } from '../../errors';
import { clip } from '../../formats/logs/common';
import type { LogTable, LogValue } from '../../formats/logs/types';
import type { ColumnMapping } from './runs';

/** Where a value came from, for messages. */
export interface ValueSite {
  readonly role: 'N' | 'D' | 'C' | 'loss';
  readonly column: string;
  readonly run: string;
  /** "row 12 of FILE", "run code-s1, step 300 of FOLDER". */
  readonly where: string;
}

const WHAT = { N: 'parameters N', D: 'tokens D', C: 'compute C', loss: 'the loss' } as const;
const SCALE: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };
const SIZE = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgt])$/iu;

function refuse(site: ValueSite, problem: string): LensError {
  return new LensError(
    'bad-input',
    `Run "${clip(site.run)}" at ${site.where}: ${WHAT[site.role]} (column "${clip(site.column)}") ${problem}. ` +
      `Correct the log, or map ${site.role === 'loss' ? 'the losses' : site.role} to another column.`,
  );
}

/** A number from a cell: a number as it is, a size with a K/M/B/T suffix scaled; else undefined. */
function numberOf(value: LogValue): number | undefined {
  if (typeof value === 'number') return value;
  const match = value === null ? null : SIZE.exec(value.trim());
  return match === null ? undefined : Number(match[1]) * (SCALE[(match[2] ?? '').toLowerCase()] ?? NaN);
}

function describe(value: LogValue): string {
  return value === null ? 'is empty' : `holds "${clip(String(value), 40)}", not a number`;
}

/** N, D or C of a run: a finite number above 0, else refused naming the run and row. */
export function positiveNumber(value: LogValue, site: ValueSite): number {
  const number = numberOf(value);
  if (number === undefined) throw refuse(site, describe(value));
  if (Number.isNaN(number)) throw refuse(site, 'is NaN');
  if (!Number.isFinite(number)) throw refuse(site, `is ${number}`);
  if (number <= 0) throw refuse(site, `is ${number}; it must be above 0`);
  return number;
}

/** A run's loss: a finite number, else refused naming the run and row. */
export function lossNumber(value: LogValue, site: ValueSite): number {
  if (typeof value !== 'number') throw refuse(site, describe(value));
  if (Number.isNaN(value)) throw refuse(site, 'is NaN (the run may have diverged)');
  if (!Number.isFinite(value)) throw refuse(site, `is ${value} (the run may have diverged)`);
  return value;
}

/** The error of a run that logged none of the loss columns. */
export function noLoss(run: string, losses: readonly string[], source: string): LensError {
  return new LensError(
    'bad-input',
    `Run "${clip(run)}" of ${source} has no value in the loss column${losses.length === 1 ? '' : 's'} ` +
      `${clip(losses.map((l) => `"${l}"`).join(', '))}. Remove the run, or map the losses to other columns.`,
  );
}

/** A row's run name from the run column; an empty one is refused naming the row. */
export function runLabel(table: LogTable, row: number, column: string, value: LogValue): string {
  if (value === null)
    throw new LensError(
      'bad-input',
      `${table.where[row] ?? `Row ${row + 1}`} of ${table.source} has no run name (column "${clip(column)}" is ` +
        'empty). Fill it in, or map the run to another column.',
    );
  return String(value);
}

/** Refuses a mapping that names a column the table lacks, maps nothing to the losses, or uses a column twice. */
export function checkMapping(table: LogTable, mapping: ColumnMapping): void {
  const named = [mapping.run, mapping.N, mapping.D, mapping.C, mapping.dataset, mapping.step, ...mapping.losses];
  const known = new Set(table.columns);
  for (const column of named)
    if (column !== undefined && !known.has(column))
      throw new LensError(
        'bad-input',
        `${table.source} has no column "${clip(column)}" (its columns: ${clip(table.columns.join(', '))}). ` +
          'Choose one of its columns.',
      );
  if (mapping.losses.length === 0)
    throw new LensError(
      'bad-input',
      `No loss column is chosen for ${table.source} (its columns: ${clip(table.columns.join(', '))}). ` +
        'Choose at least one loss column.',
    );
  const used = named.filter((c) => c !== undefined);
  const twice = used.find((c, i) => used.indexOf(c) !== i);
  if (twice !== undefined)
    throw new LensError('bad-input', `Column "${clip(twice)}" is mapped to two roles. Give each role its own column.`);
}

/** Largest gap between two neighbouring values of N, D or C (sorted) before the column is taken to mix units. */
export const UNIT_GAP = 1e4;

/** The runs' values of N, D or C sorted, with the run of each. */
interface Sized {
  readonly run: string;
  readonly where: string;
  readonly value: number;
}

/**
 * Refuses N, D or C values that fall in two groups with no run between them over a factor of {@link UNIT_GAP}
 * (125 beside 1.3e8: millions written beside plain counts). A sweep spreads its sizes evenly on a log scale.
 */
export function refuseMixedUnits(role: 'N' | 'D' | 'C', column: string, values: readonly Sized[]): void {
  const sorted = [...values].sort((a, b) => a.value - b.value);
  for (let i = 1; i < sorted.length; i++) {
    const low = sorted[i - 1];
    const high = sorted[i];
    if (low === undefined || high === undefined || high.value <= low.value * UNIT_GAP) continue;
    throw new LensError(
      'bad-input',
      `${WHAT[role]} (column "${clip(column)}") may mix units: run "${clip(low.run, 40)}" (${low.where}) has ` +
        `${low.value} and run "${clip(high.run, 40)}" (${high.where}) has ${high.value}, with no run between ` +
        `over a factor of ${UNIT_GAP}. Write every value in one unit (say, plain counts: 1.25e8 or 125M).`,
    );
  }
}
