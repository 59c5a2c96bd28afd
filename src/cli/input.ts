/**
 * @file Reads an input file for the CLI: refuses missing, huge and binary files with clear messages.
 */
import { readFile, stat } from 'node:fs/promises';
import { clipMessage, LensError } from '../core/errors';
import { BYTES_PER_TOKEN, maxTextBytes } from '../core/model/textLimits';
import { DEFAULT_MAX_FILE_MB, mebibytes } from '../core/text/fileSize';
import { quote } from '../shared/schema';
import { decodeText } from '../core/text/decodeText';
import { lineStarts } from '../core/text/lineCol';

/** Largest file read, in bytes; longer files are refused before reading. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The largest size of a file read, and the rest of the message about a larger one (what to do). */
export interface InputLimit {
  readonly bytes: number;
  readonly fix: string;
}

const ANY_FILE: InputLimit = { bytes: MAX_FILE_BYTES, fix: '. Analyse a part of it.' };

/** The limit of a file that is tokenized: {@link BYTES_PER_TOKEN} bytes per token of `--max-tokens`. */
export function tokenLimit(maxTokens: number): InputLimit {
  return {
    bytes: Math.min(MAX_FILE_BYTES, maxTextBytes(maxTokens)),
    fix:
      ` (${BYTES_PER_TOKEN} bytes per token of --max-tokens ${maxTokens}). Analyse a part of it, or raise ` +
      '--max-tokens.',
  };
}

/** `--max-file-size MB`: the largest file an analysis reads, in bytes. */
export function maxFileBytes(value: string | boolean | undefined): number {
  if (value === undefined) return mebibytes(DEFAULT_MAX_FILE_MB);
  const mb = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(mb) || mb <= 0 || mb > 4096 || mebibytes(mb) < 1)
    throw new LensError(
      'bad-input',
      `--max-file-size must be a number of MB from 0.001 to 4096, not "${quote(value)}".`,
    );
  return mebibytes(mb);
}

/**
 * The limit of a file that is tokenized: the smaller of `fileBytes` (`--max-file-size`) and
 * {@link BYTES_PER_TOKEN} bytes per token of `--max-tokens`, with the flag that raises it.
 */
export function fileLimit(fileBytes: number, maxTokens: number): InputLimit {
  if (fileBytes >= maxTextBytes(maxTokens)) return tokenLimit(maxTokens);
  const mb = (fileBytes / 1024 / 1024).toFixed(fileBytes < 1024 * 1024 ? 3 : 1);
  return { bytes: fileBytes, fix: ` (--max-file-size ${mb} MB). Analyse a part of it, or raise --max-file-size.` };
}

/** The text of a file, or a `bad-input`, `too-long` or `binary-file` error; a file over `limit` is never read. */
export async function readInput(file: string | undefined, usage = '', limit = ANY_FILE): Promise<string> {
  if (file === undefined) {
    const what = usage === '' ? 'Name the file to analyse after the command (see "model-lens --help").' : usage;
    throw new LensError('bad-input', `No input file given. ${what}`);
  }
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile())
    throw new LensError('bad-input', `${clipMessage(file, 300)} does not exist or is not a file.`);
  if (info.size > limit.bytes)
    throw new LensError(
      'too-long',
      `${clipMessage(file, 300)} is ${info.size} bytes, more than ${limit.bytes}${limit.fix}`,
    );
  return decodeText(await readFile(file), { name: file });
}

/** A string option as given on the command line, or undefined (absent, or given as a flag). */
export function stringOption(values: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Parses an integer option within bounds, or throws `bad-input` naming the option. */
export function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new LensError('bad-input', `--${name} must be an integer from ${min} to ${max}, not "${quote(value)}".`);
  return n;
}

/** Bounds of an integer list option. */
export interface IntListBounds {
  readonly default: readonly number[];
  readonly min: number;
  readonly max: number;
}

/**
 * Parses a comma-separated list of at most `most` integers within bounds (`aliases` maps words to numbers, e.g.
 * `online` to 0), or throws `bad-input` naming the option.
 */
export function intListOption(
  name: string,
  value: string | undefined,
  b: IntListBounds,
  most = 20,
  aliases: Readonly<Record<string, number>> = {},
): number[] {
  if (value === undefined) return [...b.default];
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length > most)
    throw new LensError('bad-input', `--${name} takes at most ${most} values, not ${parts.length}. Give fewer.`);
  return parts.map((part) => {
    const n = aliases[part] ?? Number(part);
    if (part === '' || !Number.isInteger(n) || n < b.min || n > b.max)
      throw new LensError(
        'bad-input',
        `--${name} takes integers from ${b.min} to ${b.max} separated by commas, not "${quote(value)}".`,
      );
    return n;
  });
}

/** Parses one of a fixed set of words, or throws `bad-input`. */
export function choiceOption<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T {
  if (value === undefined) return choices[0] as T;
  if (!(choices as readonly string[]).includes(value))
    throw new LensError('bad-input', `--${name} must be one of ${choices.join(', ')}, not "${quote(value)}".`);
  return value as T;
}

/** Converts 1-based LINE:COL to a UTF-16 offset of `text`. */
export function offsetOf(text: string, at: string | undefined): number {
  const m = /^(\d+):(\d+)$/u.exec(at ?? '');
  if (m === null) throw new LensError('bad-input', `--at must be LINE:COL (1-based), not "${quote(at ?? '')}".`);
  const starts = lineStarts(text);
  const line = Number(m[1]) - 1;
  const col = Number(m[2]) - 1;
  const start = starts[line];
  if (start === undefined || line < 0 || col < 0)
    throw new LensError('bad-input', `--at ${at ?? ''} is outside the file (it has ${starts.length} lines).`);
  const end = starts[line + 1] ?? text.length + 1;
  if (start + col >= end)
    throw new LensError('bad-input', `--at ${at ?? ''}: line ${line + 1} has only ${end - start - 1} characters.`);
  return start + col;
}
