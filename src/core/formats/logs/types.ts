/**
 * @file The table every training-log reader returns (CSV, TSV, JSONL, W&B exports, TensorBoard event files), and
 * the limits the readers check before they allocate.
 */

/** A log format the readers recognise. */
export type LogFormat = 'csv' | 'tsv' | 'jsonl' | 'wandb' | 'tfevents';

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
  readonly rows: readonly Readonly<Record<string, number | string | null>>[];
  /** Per row, where it came from, for messages: "row 12", "run code-s2-d1, step 300". */
  readonly where: readonly string[];
}

/** Options every reader takes. */
export interface ReadLogOptions {
  /** Stops a long read with a `cancelled` error. */
  readonly signal?: AbortSignal;
  /** Largest file read, in bytes (default {@link MAX_LOG_BYTES}); a folder's files count together. */
  readonly maxBytes?: number;
}

/** Largest log (a file, or the event files of a folder together) read by default: 256 MiB. */
export const MAX_LOG_BYTES = 256 * 1024 * 1024;
