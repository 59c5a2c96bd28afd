/**
 * @file Reads a serving trace (requests with arrival times and lengths) as a {@link Workload}: JSONL or CSV with
 * named columns, or the result files of vLLM's `benchmark_serving.py --save-result` and SGLang's `bench_serving
 * --output-file`. Files are streamed line by line after a size check, so traces of millions of lines fit.
 */
import { LensError } from '../../errors';
import type { Workload } from '../../analyses/serving/types';

/** A trace read as a workload. */
export interface TraceRead {
  /** The requests, sorted by arrival. */
  readonly workload: Workload;
  /** The file read. */
  readonly source: string;
  /** How it was read. */
  readonly format: 'jsonl' | 'csv' | 'vllm' | 'sglang';
  /** What the reader assumed or derived (arrival times absent from a benchmark result, columns ignored...). */
  readonly notes: readonly string[];
}

/** Options of {@link readTrace}. */
export interface ReadTraceOptions {
  readonly signal?: AbortSignal;
  /** Largest file read, in bytes. */
  readonly maxBytes?: number;
  /** Most requests read. */
  readonly maxJobs?: number;
}

/**
 * Streams a trace file (size limit checked first; lines read as a stream; signal checked); refuses unsorted or
 * negative times, zero or missing output lengths, NaN, binary or empty files with `bad-input` naming the line.
 */
export async function readTrace(path: string, o: ReadTraceOptions = {}): Promise<TraceRead> {
  await Promise.resolve(o);
  throw new LensError('internal', `readTrace(${path}) is not written yet.`);
}
