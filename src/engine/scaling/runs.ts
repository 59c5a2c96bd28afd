/**
 * @file From a log to the points the fits take: a log's runs by dataset (through the readers' mapping), runs of two
 * datasets paired by (N, D), or a table's rows as pairs of two loss columns.
 */
import { LensError } from '../../core/errors';
import { readLog, type LogTable } from '../../core/formats/logs/index';
import { guessMapping, runsOf, type ColumnMapping, type ScalingRun } from '../../core/analyses/scaling/runs';
import type { LawPoint } from '../../core/analyses/scaling/computeFit';
import type { PairPoint } from '../../core/analyses/scaling/l2l';
import { quote } from '../../shared/schema';

/** A log read, with the mapping used and its runs. */
export interface LogRuns {
  readonly table: LogTable;
  readonly mapping: ColumnMapping;
  readonly runs: readonly ScalingRun[];
}

/** Reads a log and its runs under `mapping` (default: the guessed one). */
export async function logRuns(
  path: string,
  mapping: ColumnMapping | undefined,
  signal?: AbortSignal,
): Promise<LogRuns> {
  const table = await readLog(path, signal ? { signal } : {});
  const used = mapping ?? guessMapping(table);
  return { table, mapping: used, runs: runsOf(table, used) };
}

/** The runs grouped by dataset, in order of first appearance. */
export function byDataset(runs: readonly ScalingRun[]): Map<string, ScalingRun[]> {
  const groups = new Map<string, ScalingRun[]>();
  for (const r of runs) groups.set(r.dataset, [...(groups.get(r.dataset) ?? []), r]);
  return groups;
}

/** A dataset's runs as law points on `loss` (runs that did not log it are left out). */
export function lawPoints(runs: readonly ScalingRun[], loss: string): LawPoint[] {
  return runs
    .filter((r) => r.losses[loss] !== undefined)
    .map((r) => ({
      where: r.where,
      run: r.run,
      ...(r.N !== undefined ? { N: r.N } : {}),
      ...(r.D !== undefined ? { D: r.D } : {}),
      C: r.C,
      loss: r.losses[loss] ?? Number.NaN,
    }));
}

/** The loss fitted for a dataset: the one asked for, else the mapping's first that its runs logged. */
export function lossOf(runs: readonly ScalingRun[], mapping: ColumnMapping, asked: string | undefined): string {
  if (asked !== undefined) return asked;
  const found = mapping.losses.find((l) => runs.some((r) => r.losses[l] !== undefined));
  if (found === undefined) {
    throw new LensError('bad-input', 'No loss column was found in the log. Name the loss column (--loss COL).');
  }
  return found;
}

/** The runs of `dataset`, refused by name when there are none. */
export function runsOfDataset(all: readonly ScalingRun[], dataset: string): ScalingRun[] {
  const runs = all.filter((r) => r.dataset === dataset);
  if (runs.length === 0) {
    const known = [...new Set(all.map((r) => r.dataset))].slice(0, 20).map((d) => `"${quote(d)}"`);
    throw new LensError('bad-input', `No runs of dataset "${quote(dataset)}". The log has ${known.join(', ')}.`);
  }
  return runs;
}

/** The runs named in `names` (all of `runs` when undefined); a name that is not a run of the dataset is refused. */
export function chosenRuns(runs: readonly ScalingRun[], names: readonly string[] | undefined): ScalingRun[] {
  if (names === undefined) return [...runs];
  const byName = new Map(runs.map((r) => [r.run, r]));
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    const known = runs.slice(0, 20).map((r) => `"${quote(r.run)}"`);
    throw new LensError(
      'bad-input',
      `No run "${quote(missing[0] ?? '')}" in dataset "${quote(runs[0]?.dataset ?? '')}". Its runs: ` +
        `${known.join(', ')}.`,
    );
  }
  return names.map((n) => byName.get(n)).filter((r): r is ScalingRun => r !== undefined);
}

const sizeKey = (r: ScalingRun): string => (r.N !== undefined && r.D !== undefined ? `${r.N}|${r.D}` : `C ${r.C}`);

/** Runs of two datasets with the same (N, D) (or C, without N and D), as pairs of their losses. */
export function pairRuns(xs: readonly ScalingRun[], ys: readonly ScalingRun[], xLoss: string, yLoss: string) {
  const yOf = new Map(ys.map((r) => [sizeKey(r), r]));
  const pairs: PairPoint[] = [];
  for (const x of xs) {
    const y = yOf.get(sizeKey(x));
    const a = x.losses[xLoss];
    const b = y?.losses[yLoss];
    if (y && a !== undefined && b !== undefined) {
      pairs.push({ where: `${x.where} & ${y.where}`, x: a, y: b, ...(Number.isFinite(x.C) ? { C: x.C } : {}) });
    }
  }
  return pairs;
}

function requireColumn(table: LogTable, column: string): void {
  if (!table.columns.includes(column)) {
    const known = table.columns.slice(0, 30).map((c) => `"${quote(c)}"`);
    throw new LensError(
      'bad-input',
      `${table.source} has no column "${quote(column)}". Its columns: ${known.join(', ')}.`,
    );
  }
}

/** A row's compute: its C column, else 6·N·D, where the mapping has them and they are positive numbers. */
function rowCompute(row: Readonly<Record<string, unknown>>, mapping: ColumnMapping): number | undefined {
  const num = (column: string | undefined): number | undefined => {
    const value = column === undefined ? undefined : row[column];
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const N = num(mapping.N);
  const D = num(mapping.D);
  return num(mapping.C) ?? (N !== undefined && D !== undefined ? 6 * N * D : undefined);
}

/**
 * Each row with both columns logged as a pair (a row missing either is skipped; a text cell is refused), with its
 * compute where the mapping (default: the guessed one) finds it.
 */
export function rowPairs(table: LogTable, x: string, y: string, mapping = guessMapping(table)): PairPoint[] {
  requireColumn(table, x);
  requireColumn(table, y);
  const pairs: PairPoint[] = [];
  table.rows.forEach((row, i) => {
    const a = row[x];
    const b = row[y];
    const where = table.where[i] ?? `row ${i + 1}`;
    if (a === null || a === undefined || b === null || b === undefined) return;
    if (typeof a === 'string' || typeof b === 'string') {
      const bad = typeof a === 'string' ? a : b;
      throw new LensError('bad-input', `${where}: "${quote(bad)}" is not a number. Fix or drop the row.`);
    }
    const C = rowCompute(row, mapping);
    pairs.push({ where, x: a, y: b, ...(C !== undefined ? { C } : {}) });
  });
  return pairs;
}
