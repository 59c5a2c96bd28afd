/**
 * @file Streams a text file in batches of lines within a size limit: empty and binary files are refused, and the
 * abort signal is checked between batches (one batch per MiB read).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { LensError, throwIfCancelled } from '../../errors';

/** Bytes probed for NUL bytes before the file is read as text. */
const PROBE_BYTES = 8192;

/** The `too-long` error of a file of `bytes` bytes, over `limit`. */
function tooLarge(path: string, bytes: number, limit: number): LensError {
  return new LensError(
    'too-long',
    `${path} is ${bytes} bytes, more than the trace size limit of ${limit} bytes. ` +
      'Split the trace, or raise the limit.',
  );
}

/** The size of the file at `path`, refused when over `maxBytes` or empty. */
export async function checkedSize(path: string, maxBytes: number): Promise<number> {
  const info = await stat(path);
  if (info.isDirectory())
    throw new LensError('bad-input', `${path} is a folder, not a trace file. Choose a JSONL, CSV or JSON file.`);
  if (info.size > maxBytes) throw tooLarge(path, info.size, maxBytes);
  if (info.size === 0)
    throw new LensError('bad-input', `${path} is empty: there are no requests in it. Choose a trace file.`);
  return info.size;
}

/** The binary-file error of a trace. */
function binary(path: string, why: string): LensError {
  return new LensError(
    'bad-input',
    `${path} is a binary file (${why}), not a JSONL, CSV or JSON trace. Choose a text trace file.`,
  );
}

/** A batch of consecutive lines; `first` is the 1-based number of `lines[0]`. */
export interface LineBatch {
  readonly lines: readonly string[];
  readonly first: number;
}

/** A line without its `\r` before `\n`. */
function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Yields the file's lines in batches, one per chunk read (a byte-order mark and `\r` before `\n` removed), checking
 * the signal between batches. NUL bytes in the first 8 KiB or invalid UTF-8 anywhere refuse the file as binary.
 */
export async function* readLines(path: string, signal?: AbortSignal): AsyncGenerator<LineBatch> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let rest = '';
  let number = 0;
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first && chunk.subarray(0, PROBE_BYTES).includes(0)) throw binary(path, 'it contains NUL bytes');
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw binary(path, 'it is not valid UTF-8');
      }
      if (first && text.startsWith('\uFEFF')) text = text.slice(1);
      first = false;
      const parts = (rest + text).split('\n');
      rest = parts.pop() ?? '';
      throwIfCancelled(signal);
      if (parts.length > 0) yield { lines: parts.map(trimCr), first: number + 1 };
      number += parts.length;
    }
    rest += decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw binary(path, 'it is not valid UTF-8');
    throw error;
  } finally {
    stream.destroy();
  }
  if (rest.length > 0) yield { lines: [trimCr(rest)], first: number + 1 };
}
