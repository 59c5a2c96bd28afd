/**
 * @file From a log table to scaling runs: which columns hold the run name, parameters N, tokens D, compute C,
 * dataset and losses (guessed, correctable by the user), and each run's last logged point.
 */
import { LensError } from '../../errors';
import type { LogTable, LogValue } from '../../formats/logs/types';
import { basename } from 'node:path';
import { clip } from '../../formats/logs/common';
import { findRole, guessLosses } from './mapping';
import { checkMapping, lossNumber, noLoss, positiveNumber, refuseMixedUnits, runLabel } from './runValues';

/** Which column of a log holds what; `losses` lists the loss columns (at least one to fit anything). */
export interface ColumnMapping {
  readonly run?: string;
  readonly N?: string;
  readonly D?: string;
  readonly C?: string;
  readonly dataset?: string;
  readonly step?: string;
  readonly losses: readonly string[];
}

/**
 * One run: its last logged point. C = 6·N·D when the log has no compute column; NaN when the mapping has neither
 * C nor both N and D (a table of paired losses only). `dataset` is the dataset column's value; without one, the
 * first part of a run name with a "/" (`code/s1-d2` → `code`), else "all". `losses` holds each loss column the run
 * logged (its last value). `where` is the row it was taken from ("row 12", "run code-s1, step 300").
 */
export interface ScalingRun {
  readonly run: string;
  readonly dataset: string;
  readonly N?: number;
  readonly D?: number;
  readonly C: number;
  readonly losses: Readonly<Record<string, number>>;
  readonly where: string;
}

/**
 * Guesses the mapping of a table's columns from their names and contents: run (`run`, `Name`...), step (`step`,
 * `_step`, `global_step`), N (`N`, `params`, `n_params`, `model_size`...), D (`D`, `tokens`, `data`...), C (`C`,
 * `flops`, `compute`), dataset (a text column `dataset`, `data_name`, `corpus`...), and the losses (numeric
 * columns named `loss`, `train/loss`, `val_loss`, `eval/…`; without any, every other numeric column but steps,
 * rates and times). N, D, C and step must hold numbers; a column is given one role at most.
 */
export function guessMapping(table: LogTable): ColumnMapping {
  const taken = new Set<string>();
  const pick = (role: 'run' | 'step' | 'N' | 'D' | 'C' | 'dataset') => {
    const column = findRole(table, role, taken);
    if (column !== undefined) taken.add(column);
    return column;
  };
  const found = { run: pick('run'), step: pick('step'), N: pick('N'), D: pick('D'), C: pick('C') };
  const dataset = pick('dataset');
  const entries = Object.entries({ ...found, dataset }).filter(([, column]) => column !== undefined);
  return { ...(Object.fromEntries(entries) as Partial<ColumnMapping>), losses: guessLosses(table, taken) };
}

/** One run's rows, in step order (file order when there is no step column). */
interface RunRows {
  readonly run: string;
  readonly rows: number[];
}

/** Groups the rows by run: by the run column; else one run (a step column) or one run per row. */
function groupRuns(table: LogTable, mapping: ColumnMapping): RunRows[] {
  const { run, step } = mapping;
  const groups = new Map<string, number[]>();
  table.rows.forEach((row, i) => {
    let name: string;
    if (run !== undefined) name = runLabel(table, i, run, row[run] ?? null);
    else if (step !== undefined) name = basename(table.source);
    else name = table.where[i] ?? `row ${i + 1}`;
    const rows = groups.get(name);
    if (rows === undefined) groups.set(name, [i]);
    else rows.push(i);
  });
  const at = (i: number): number => {
    const value = step === undefined ? null : (table.rows[i]?.[step] ?? null);
    return typeof value === 'number' && Number.isFinite(value) ? value : -Infinity;
  };
  return [...groups].map(([name, rows]) => ({ run: name, rows: step === undefined ? rows : stableSort(rows, at) }));
}

/** The indices sorted by key, ties kept in their order. */
function stableSort(rows: number[], key: (i: number) => number): number[] {
  return rows
    .map((i, order) => ({ i, order, k: key(i) }))
    .sort((a, b) => a.k - b.k || a.order - b.order)
    .map((x) => x.i);
}

/** A run's last logged value of a column: the value of its last row (in step order) where it is not null. */
function lastValue(table: LogTable, rows: readonly number[], column: string): { value: LogValue; row: number } {
  for (let k = rows.length - 1; k >= 0; k--) {
    const row = rows[k] ?? 0;
    const value = table.rows[row]?.[column] ?? null;
    if (value !== null) return { value, row };
  }
  return { value: null, row: rows[rows.length - 1] ?? 0 };
}

/** One run's point under the mapping; bad values refused naming the run and its row. */
function runPoint(table: LogTable, mapping: ColumnMapping, group: RunRows): ScalingRun {
  const place = (row: number) => `${table.where[row] ?? `row ${row + 1}`} of ${table.source}`;
  const size = (role: 'N' | 'D' | 'C'): number | undefined => {
    const column = mapping[role];
    if (column === undefined) return undefined;
    const { value, row } = lastValue(table, group.rows, column);
    return positiveNumber(value, { role, column, run: group.run, where: place(row) });
  };
  const losses: Record<string, number> = {};
  let lossRow: number | undefined;
  for (const column of mapping.losses) {
    const { value, row } = lastValue(table, group.rows, column);
    if (value === null) continue;
    losses[column] = lossNumber(value, { role: 'loss', column, run: group.run, where: place(row) });
    lossRow = Math.max(lossRow ?? row, row);
  }
  if (lossRow === undefined) throw noLoss(group.run, mapping.losses, table.source);
  const [N, D, C] = [size('N'), size('D'), size('C')];
  const dataset = datasetOf(table, mapping, group, place);
  const compute = C ?? (N !== undefined && D !== undefined ? 6 * N * D : NaN);
  const run = { run: group.run, dataset, C: compute, losses, where: table.where[lossRow] ?? `row ${lossRow + 1}` };
  return { ...run, ...(N === undefined ? {} : { N }), ...(D === undefined ? {} : { D }) };
}

/** The run's dataset: its dataset column's last value, else the first part of a run name with a "/", else "all". */
function datasetOf(table: LogTable, mapping: ColumnMapping, group: RunRows, place: (row: number) => string) {
  if (mapping.dataset === undefined) return group.run.includes('/') ? (group.run.split('/')[0] ?? 'all') : 'all';
  const { value, row } = lastValue(table, group.rows, mapping.dataset);
  if (value === null || (typeof value === 'number' && !Number.isFinite(value)))
    throw new LensError(
      'bad-input',
      `Run "${clip(group.run)}" has no dataset (column "${clip(mapping.dataset)}" is empty at ${place(row)}). ` +
        'Fill it in, or map the dataset to another column.',
    );
  return String(value);
}

/**
 * The runs of a table under a mapping, each at its last step (one per run name; with no run column, the whole
 * table is one run when it has a step column, else each row is a run). Refused with `bad-input` naming the run
 * and row: a mapped column the table lacks, no loss column, a run with no loss value, a non-positive or NaN N,
 * D or C, a NaN or infinite loss, a text where a number belongs, a run with no name or dataset, and N, D or C
 * values that seem to mix units (two groups more than UNIT_GAP (1e4) apart with no run between).
 */
export function runsOf(table: LogTable, mapping: ColumnMapping): ScalingRun[] {
  checkMapping(table, mapping);
  const runs = groupRuns(table, mapping).map((group) => runPoint(table, mapping, group));
  for (const role of ['N', 'D', 'C'] as const) {
    const column = mapping[role];
    if (column === undefined) continue;
    const sized = runs.map((r) => ({ run: r.run, where: `${r.where} of ${table.source}`, value: r[role] ?? NaN }));
    refuseMixedUnits(role, column, sized);
  }
  return runs;
}
