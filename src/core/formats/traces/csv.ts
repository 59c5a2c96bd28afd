/**
 * @file CSV (or TSV) trace lines: a header naming the columns, then one request per line. Quoted cells may hold
 * commas (the refined column's JSON array) and doubled quotes; a quote left open is refused naming the line.
 */
import { LensError } from '../../errors';
import { clip } from '../logs/common';

/** Splits one line into cells; undefined when a quote is left open. */
export function splitCells(line: string, delimiter: string): string[] | undefined {
  if (!line.includes('"')) return line.split(delimiter);
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

/** The delimiter of a header line: a tab when it has tabs and no commas, else a comma. */
export function delimiterOf(header: string): string {
  return header.includes('\t') && !header.includes(',') ? '\t' : ',';
}

/** Splits a line, refusing an unclosed quote or a cell count other than the header's. */
export function rowCells(line: string, delimiter: string, columns: number, where: string): string[] {
  const cells = splitCells(line, delimiter);
  if (cells === undefined)
    throw new LensError('bad-input', `${where} leaves a quote open (${clip(line, 60)}). Close its quotes.`);
  if (cells.length !== columns)
    throw new LensError(
      'bad-input',
      `${where} has ${cells.length} cells where the header has ${columns}. Correct the line.`,
    );
  return cells;
}
