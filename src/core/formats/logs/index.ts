/**
 * @file Reads a training log, whatever its format: a CSV/TSV file (W&B exports included), a JSONL file, a
 * TensorBoard event file, or a folder of event files (one run per folder). Nothing is ever written.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { readDelimited } from './delimited';
import { logText, readLogBytes } from './common';
import { readJsonl } from './jsonl';
import { looksLikeEvents } from './records';
import { isEventFile, readEventsFile, readEventsFolder } from './tfevents';
import { MAX_LOG_BYTES, type LogTable, type ReadLogOptions } from './types';

export type { LogFormat, LogTable, LogValue, ReadLogOptions } from './types';
export { MAX_LOG_BYTES } from './types';

/** The format of a text log: by extension (.csv, .tsv/.tab, .jsonl/.ndjson), else by its first line. */
function textFormat(path: string, text: string): 'csv' | 'tsv' | 'jsonl' {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  const first = text.trimStart().split(/\r?\n/u, 1)[0] ?? '';
  if (first.startsWith('{')) return 'jsonl';
  return first.includes('\t') ? 'tsv' : 'csv';
}

/**
 * Reads the log at `path` as a table: a folder of TensorBoard event files, an event file (`*tfevents*`, or any
 * file that begins with a valid record), a CSV/TSV (W&B exports recognised) or a JSONL file. A file over the size
 * limit is refused before it is read; bad input → `bad-input` naming the file and its row or record.
 */
export async function readLog(path: string, options: ReadLogOptions = {}): Promise<LogTable> {
  const maxBytes = options.maxBytes ?? MAX_LOG_BYTES;
  if ((await stat(path)).isDirectory()) return readEventsFolder(path, maxBytes, options.signal);
  if (isEventFile(basename(path))) return readEventsFile(path, maxBytes, options.signal);
  const bytes = await readLogBytes(path, maxBytes);
  if (looksLikeEvents(bytes)) return readEventsFile(path, maxBytes, options.signal, bytes);
  const text = logText(path, bytes);
  const format = textFormat(path, text);
  if (format === 'jsonl') return readJsonl(text, path, options.signal);
  return readDelimited(text, path, format === 'tsv', options.signal);
}
