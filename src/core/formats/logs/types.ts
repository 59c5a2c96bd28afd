/**
 * @file The table every training-log reader returns (CSV, TSV, JSONL, W&B exports, TensorBoard event files), and
 * the limits the readers check before they allocate.
 */

/** A log format the readers recognise. */
export type LogFormat = 'csv' | 'tsv' | 'jsonl' | 'wandb' | 'tfevents';

/** A cell of a log table: a number (NaN and ±Infinity kept as logged), a text, or null (nothing logged). */
export type LogValue = number | string | null;

/**
 * A training log as a table: one row per logged point (a CSV/TSV/JSONL row; TensorBoard: one row per run and
 * step, a column per scalar tag, plus a `run` column naming the event file's folder relative to the root).
 */
export interface LogTable {
  /** The file or folder read, for messages. */
  readonly source: string;
  /** The format it was read as. */
  readonly format: LogFormat;
  /** The column names, in the order the file gives them. */
  readonly columns: readonly string[];
  /** The rows: a number, a text, or null (empty cell / value not logged at that step). */
  readonly rows: readonly Readonly<Record<string, LogValue>>[];
  /** Per row, where it came from, for messages: "row 12", "run code-s2-d1, step 300". */
  readonly where: readonly string[];
}

/** Options every reader takes. */
export interface ReadLogOptions {
  /** Stops a long read with a `cancelled` error. */
  readonly signal?: AbortSignal;
  /** Largest file read, in bytes (default {@link MAX_LOG_BYTES}); a folder's event files together get 8 times. */
  readonly maxBytes?: number;
}

/** Largest log file read by default: 128 MiB (checked on the file's size, before reading it). */
export const MAX_LOG_BYTES = 128 * 1024 * 1024;

/** Most cells (rows × columns) a table may have: bounds the memory a log of tiny cells makes the reader take. */
export const MAX_LOG_CELLS = 20_000_000;

/** Most event files a folder may hold (searched at most {@link MAX_FOLDER_DEPTH} folders deep). */
export const MAX_EVENT_FILES = 10_000;

/** Deepest subfolder searched for event files. */
export const MAX_FOLDER_DEPTH = 8;
