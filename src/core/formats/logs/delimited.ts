/**
 * @file CSV and TSV logs (papaparse), W&B exports included: the header names the columns, each later line is a
 * row. A ragged row, an unclosed quote or a repeated column name is refused naming the row.
 */
import Papa from 'papaparse';
import { LensError, throwIfCancelled } from '../../errors';
import { cellValue, checkCells, clip, columnName, requireNumbers } from './common';
import { reshapeWandb, wandbLayout } from './wandb';
import type { LogTable, LogValue } from './types';

/** Rows converted between two checks of the abort signal. */
const CHECK_EVERY = 4096;

/** The header's names: blank ones named by position, repeated ones refused. */
function headerOf(source: string, cells: readonly string[]): string[] {
  const names = cells.map((cell, i) => columnName(cell.trim() || `column ${i + 1}`));
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new LensError(
        'bad-input',
        `${source} has two columns named "${clip(name)}". Rename one so every column has its own name.`,
      );
    seen.add(name);
  }
  return names;
}

/** Parses the text with papaparse; a quoting error is refused naming its row. */
function parseCells(text: string, source: string, delimiter: string): string[][] {
  const lines = text.replace(/\r\n?/gu, '\n');
  const result = Papa.parse<string[]>(lines, { delimiter, newline: '\n', skipEmptyLines: 'greedy', header: false });
  const error = result.errors.find((e) => e.type === 'Quotes');
  if (error !== undefined) {
    const row = error.row ?? 0;
    const where = row === 0 ? `The header of ${source}` : `Row ${row} of ${source}`;
    throw new LensError('bad-input', `${where} cannot be read (${clip(error.message)}). Correct its quotes.`);
  }
  return result.data;
}

/** Reads CSV (`,`) or TSV (`\t`) text as a table; W&B exports are recognised and reshaped. */
export function readDelimited(text: string, source: string, tsv: boolean, signal?: AbortSignal): LogTable {
  const cells = parseCells(text, source, tsv ? '\t' : ',');
  const [head, ...body] = cells;
  if (head === undefined || body.length === 0)
    throw new LensError('bad-input', `${source} has a header but no rows. Export the log with its data.`);
  const columns = headerOf(source, head);
  checkCells(source, body.length, columns.length);
  const rows: Record<string, LogValue>[] = [];
  const where: string[] = [];
  for (let r = 0; r < body.length; r++) {
    if (r % CHECK_EVERY === 0) throwIfCancelled(signal);
    const line = body[r] ?? [];
    if (line.length !== columns.length)
      throw new LensError(
        'bad-input',
        `Row ${r + 1} of ${source} has ${line.length} cells where the header has ${columns.length}. ` +
          'Correct the row, or export the log again.',
      );
    const row: Record<string, LogValue> = {};
    columns.forEach((column, c) => (row[column] = cellValue(line[c] ?? '')));
    rows.push(row);
    where.push(`row ${r + 1}`);
  }
  requireNumbers(source, columns, rows);
  const table: LogTable = { source, format: tsv ? 'tsv' : 'csv', columns, rows, where };
  const layout = wandbLayout(columns);
  if (layout === 'runs') return { ...table, format: 'wandb' };
  if (layout === 'chart') return reshapeWandb(table);
  return table;
}
