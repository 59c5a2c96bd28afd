/**
 * @file JSONL logs: one JSON object per line (blank lines skipped). Nested objects become `parent/child`
 * columns; NaN and ±Infinity, which Python's json module writes bare, are read as numbers.
 */
import { LensError, throwIfCancelled } from '../../errors';
import { jsonParse } from '../../parse';
import { cellValue, checkCells, clip, columnName, requireNumbers } from './common';
import type { LogTable, LogValue } from './types';

/** Lines parsed between two checks of the abort signal. */
const CHECK_EVERY = 2048;

/** Python's bare NaN / Infinity / -Infinity after a colon, a bracket or a comma, quoted so JSON.parse reads them. */
const BARE_SPECIAL = /([:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/gu;

/** Nesting followed into `parent/child` columns. */
const MAX_NESTING = 8;

/** Adds an object's fields to a row: numbers and texts as they are, nested objects flattened, arrays skipped. */
function flatten(value: unknown, prefix: string, row: Record<string, LogValue>, depth: number): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > MAX_NESTING) return;
  for (const [key, item] of Object.entries(value)) {
    const name = columnName(prefix === '' ? key : `${prefix}/${key}`);
    if (typeof item === 'number') row[name] = item;
    else if (typeof item === 'string') row[name] = cellValue(item);
    else if (typeof item === 'boolean') row[name] = item ? 1 : 0;
    else if (item === null) row[name] = null;
    else flatten(item, name, row, depth + 1);
  }
}

/** Parses one line; a line that is not a JSON object is refused naming it. */
function parseLine(line: string, where: string): Record<string, LogValue> {
  const value = jsonParse(line.replace(BARE_SPECIAL, '$1"$2"'), where, {
    fix: 'Every line of a JSONL log is one JSON object.',
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new LensError(
      'bad-input',
      `${where} is not a JSON object (${clip(line.trim(), 40)}). ` + 'Every line of a JSONL log is one JSON object.',
    );
  const row: Record<string, LogValue> = {};
  flatten(value, '', row, 0);
  return row;
}

/** Reads JSONL text as a table; columns in the order they first appear. */
export function readJsonl(text: string, source: string, signal?: AbortSignal): LogTable {
  const lines = text.split(/\r?\n/u);
  const rows: Record<string, LogValue>[] = [];
  const where: string[] = [];
  const columns = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    if (i % CHECK_EVERY === 0) throwIfCancelled(signal);
    const line = lines[i] ?? '';
    if (line.trim().length === 0) continue;
    const row = parseLine(line, `Line ${i + 1} of ${source}`);
    for (const key of Object.keys(row)) columns.add(key);
    checkCells(source, rows.length + 1, columns.size);
    rows.push(row);
    where.push(`line ${i + 1}`);
  }
  const names = [...columns];
  for (const row of rows) for (const name of names) row[name] ??= null;
  requireNumbers(source, names, rows);
  return { source, format: 'jsonl', columns: names, rows, where };
}
