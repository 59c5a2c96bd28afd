/**
 * @file What the log readers share: reading a text file within the size limit (empty and binary files refused),
 * turning a cell's text into a value, and the table limits.
 */
import { readFile, stat } from 'node:fs/promises';
import { LensError } from '../../errors';
import { binaryReason } from '../../text/decodeText';
import { MAX_LOG_BYTES, MAX_LOG_CELLS, type LogValue } from './types';

/** Clips a value quoted in a message to at most 80 characters. */
export function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The `too-long` error of a log of `bytes` bytes, over `limit`. */
export function tooLarge(what: string, bytes: number, limit: number): LensError {
  return new LensError(
    'too-long',
    `${what} is ${bytes} bytes, more than the log size limit of ${limit} bytes. ` +
      'Export fewer runs or steps, or split the log into smaller files.',
  );
}

/** Checks a file's size against the limit before reading it, and returns its bytes (empty files refused). */
export async function readLogBytes(path: string, maxBytes = MAX_LOG_BYTES): Promise<Buffer> {
  const { size } = await stat(path);
  if (size > maxBytes) throw tooLarge(path, size, maxBytes);
  if (size === 0) throw new LensError('bad-input', `${path} is empty: there is no log in it. Choose a log file.`);
  return readFile(path);
}

/** Decodes a text log's bytes; a binary file (NUL bytes, invalid UTF-8) is refused naming the file. */
export function logText(path: string, bytes: Uint8Array): string {
  const why = binaryReason(bytes);
  if (why !== undefined)
    throw new LensError(
      'bad-input',
      `${path} is a binary file (${why}), not a CSV, TSV or JSONL log. Choose a text log or an event file.`,
    );
  const text = new TextDecoder('utf-8').decode(bytes);
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim().length === 0)
    throw new LensError('bad-input', `${path} holds only blank space: there is no log in it. Choose a log file.`);
  return body;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/u;
const SPECIAL: Readonly<Record<string, number>> = {
  nan: NaN,
  '+nan': NaN,
  '-nan': NaN,
  inf: Infinity,
  '+inf': Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-inf': -Infinity,
  '-infinity': -Infinity,
};

/** A cell's text as a value: blank → null, a decimal number (or NaN, inf) → number, anything else → its text. */
export function cellValue(raw: string): LogValue {
  const first = raw.charCodeAt(0);
  // Fast path: a cell that starts like a decimal number (a digit other than a "0x"/"0b"/"0o" prefix, a sign or a
  // point) and that Number reads in full.
  const radix = first === 48 && [120, 98, 111].includes(raw.charCodeAt(1) | 32);
  if (((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46) && !radix) {
    const number = Number(raw);
    if (!Number.isNaN(number)) return number;
  }
  const text = raw.trim();
  if (text.length === 0) return null;
  if (NUMBER.test(text)) return Number(text);
  const special = text.length <= 9 ? SPECIAL[text.toLowerCase()] : undefined;
  return special ?? text;
}

/**
 * A name safe as a row's key: `__proto__` (which would set an object's prototype) and the names in `reserved`
 * (columns the reader adds itself, such as `run`) get " (renamed)" appended.
 */
export function columnName(name: string, reserved: readonly string[] = []): string {
  return name === '__proto__' || reserved.includes(name) ? `${name} (renamed)` : name;
}

/** Refuses a table of more than {@link MAX_LOG_CELLS} cells. */
export function checkCells(source: string, rows: number, columns: number): void {
  if (rows * columns > MAX_LOG_CELLS)
    throw new LensError(
      'too-long',
      `${source} has ${rows} rows of ${columns} columns, more than the limit of ${MAX_LOG_CELLS} cells. ` +
        'Export fewer runs, steps or columns.',
    );
}

/** Refuses a table with no column that holds a number: nothing in it can be fitted. */
export function requireNumbers(
  source: string,
  columns: readonly string[],
  rows: readonly Readonly<Record<string, LogValue>>[],
): void {
  const numeric = columns.some((column) => rows.some((row) => typeof row[column] === 'number'));
  if (!numeric)
    throw new LensError(
      'bad-input',
      `${source} has no column of numbers (its columns: ${clip(columns.join(', '))}). ` +
        'A training log needs at least a loss column.',
    );
}
