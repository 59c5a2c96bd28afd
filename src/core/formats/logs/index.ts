/**
 * @file Reads a training log, whatever its format: a CSV/TSV file (W&B exports included), a JSONL file, a
 * TensorBoard event file, or a folder of event files (one run per folder).
 */
import { LensError } from '../../errors';
import type { LogTable, ReadLogOptions } from './types';

export type { LogFormat, LogTable, ReadLogOptions } from './types';
export { MAX_LOG_BYTES } from './types';

/** Reads the log at `path` (a file or a folder of TensorBoard event files) as a table. Bad input → `bad-input`. */
export function readLog(path: string, options?: ReadLogOptions): Promise<LogTable> {
  void options;
  return Promise.reject(new LensError('internal', `Reading ${path} is not written yet.`));
}
