/**
 * @file A tabular CSV (or TSV) for the MLP-vs-trees comparison: the label column (named, or the last one) and
 * every other column whose cells are all numbers as features. Columns holding text are dropped, rows with a blank
 * or non-finite feature or label are dropped, each with a note. The file's size is checked before it is read.
 */
import { TABLE_OPTIONS } from '../../../shared/parity';
import { quote } from '../../../shared/schema';
import { LensError, throwIfCancelled } from '../../errors';
import { logText, readLogBytes } from '../../formats/logs/common';
import { readDelimited } from '../../formats/logs/delimited';
import type { LogValue } from '../../formats/logs/types';

/** Largest table file read (bytes). */
export const MAX_TABLE_BYTES = 64 * 1024 * 1024;

/** A table ready to train on: features row-major (rows × features.length) and a class index per row. */
export interface TableData {
  readonly source: string;
  readonly label: string;
  readonly features: readonly string[];
  readonly classes: readonly string[];
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly rows: number;
  readonly notes: readonly string[];
}

const finite = (v: LogValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads and checks a table (see the file comment). */
export async function readTable(path: string, label?: string, signal?: AbortSignal): Promise<TableData> {
  const text = logText(path, await readLogBytes(path, MAX_TABLE_BYTES));
  const table = readDelimited(text, path, /\.tsv$/iu.test(path), signal);
  const labelName = label ?? table.columns[table.columns.length - 1] ?? '';
  if (!table.columns.includes(labelName))
    throw new LensError(
      'bad-input',
      `${quote(path)} has no column ${quote(labelName)}; its columns: ${quote(table.columns.join(', '))}. ` +
        'Name one of them as the label.',
    );
  const notes: string[] = [];
  const candidates = table.columns.filter((c) => c !== labelName);
  const features = candidates.filter((c) => table.rows.every((r) => typeof r[c] !== 'string'));
  const dropped = candidates.filter((c) => !features.includes(c));
  if (dropped.length > 0) notes.push(`Columns with text were left out: ${quote(dropped.join(', '))}.`);
  if (features.length === 0 || features.length > TABLE_OPTIONS.maxColumns)
    throw new LensError(
      'bad-input',
      `${quote(path)} has ${features.length} numeric feature columns besides the label. ` +
        `Give a table with 1 to ${TABLE_OPTIONS.maxColumns} columns of numbers.`,
    );
  const kept = table.rows.filter((r) => r[labelName] !== null && features.every((c) => finite(r[c])));
  if (kept.length < table.rows.length)
    notes.push(`${table.rows.length - kept.length} rows with a blank or non-finite value were left out.`);
  const rows = Math.min(kept.length, TABLE_OPTIONS.maxRows);
  if (rows < kept.length) notes.push(`Only the first ${rows} rows were read.`);
  const classes = [...new Set(kept.slice(0, rows).map((r) => String(r[labelName])))].sort();
  checkClasses(path, labelName, classes.length, rows);
  const index = new Map(classes.map((c, i) => [c, i]));
  const x = new Float32Array(rows * features.length);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (r % 4096 === 0) throwIfCancelled(signal);
    const row = kept[r] ?? {};
    features.forEach((c, j) => (x[r * features.length + j] = Number(row[c])));
    y[r] = index.get(String(row[labelName])) ?? 0;
  }
  return { source: path, label: labelName, features, classes, x, y, rows, notes };
}

function checkClasses(path: string, label: string, classes: number, rows: number): void {
  if (rows < 10)
    throw new LensError('bad-input', `${quote(path)} has ${rows} complete rows. Give a table with at least 10.`);
  if (classes < 2 || classes > TABLE_OPTIONS.maxClasses)
    throw new LensError(
      'bad-input',
      `The label column ${quote(label)} has ${classes} distinct values; a classification needs 2 to ` +
        `${TABLE_OPTIONS.maxClasses}. Choose a column of class labels with --label.`,
    );
}
