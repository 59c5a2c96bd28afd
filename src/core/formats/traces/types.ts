/**
 * @file What a trace reader gives: the requests as a workload, the file, its format and the reader's notes.
 */
import type { Workload } from '../../analyses/serving/types';

/** The formats a trace can have. */
export const TRACE_FORMATS = ['jsonl', 'csv', 'vllm', 'sglang'] as const;

/** A trace read as a workload. */
export interface TraceRead {
  /** The requests, sorted by arrival. */
  readonly workload: Workload;
  /** The file read. */
  readonly source: string;
  /** How it was read: JSONL or CSV rows, or a vLLM or SGLang benchmark result. */
  readonly format: (typeof TRACE_FORMATS)[number];
  /** What the reader assumed or derived (arrival times absent from a benchmark result, columns ignored...). */
  readonly notes: readonly string[];
}

/** Options of `readTrace`. */
export interface ReadTraceOptions {
  readonly signal?: AbortSignal;
  /** Largest file read, in bytes. @default {@link MAX_TRACE_BYTES} */
  readonly maxBytes?: number;
  /** Most requests read. @default {@link MAX_TRACE_JOBS} */
  readonly maxJobs?: number;
}

/** Largest trace file read by default: 2 GiB (lines are streamed; only the columns are kept). */
export const MAX_TRACE_BYTES = 2 * 2 ** 30;

/** Most requests read by default. */
export const MAX_TRACE_JOBS = 20_000_000;
