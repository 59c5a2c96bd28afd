/**
 * @file Reads a serving trace (requests with arrival times and lengths) as a {@link Workload}: JSONL or CSV with
 * named columns, or the result files of vLLM's `benchmark_serving.py --save-result` and SGLang's `bench_serving
 * --output-file`. Files are streamed in batches of lines after a size check, so traces of millions of lines fit.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { LensError, throwIfCancelled } from '../../errors';
import { binaryReason } from '../../text/decodeText';
import { isBenchResult, parseBenchLine, readBenchResult } from './bench';
import { checkedSize, readLines } from './lines';
import { CsvSink, JsonlSink, type LineSink } from './rows';
import { MAX_TRACE_BYTES, MAX_TRACE_JOBS, type ReadTraceOptions, type TraceRead } from './types';

export type { ReadTraceOptions, TraceRead } from './types';
export { MAX_TRACE_BYTES, MAX_TRACE_JOBS, TRACE_FORMATS } from './types';

/** Largest `.json` trace (read whole, not streamed): 256 MiB. */
export const MAX_JSON_TRACE_BYTES = 256 * 2 ** 20;

/** The JSONL lines of benchmark runs (SGLang appends one per run): the last run is read. */
class BenchRunsSink implements LineSink {
  private last: Readonly<Record<string, unknown>> | undefined;
  private runs = 0;

  constructor(
    private readonly source: string,
    private readonly maxJobs: number,
  ) {}

  /** Keeps the run on this line. */
  line(text: string, number: number): void {
    const value = parseBenchLine(text, `Line ${number} of ${this.source}`);
    if (!isBenchResult(value))
      throw new LensError(
        'bad-input',
        `Line ${number} of ${this.source} is not a benchmark result like line 1 (no output_lens). ` +
          'Keep one kind of record per file.',
      );
    this.last = value;
    this.runs += 1;
  }

  /** The last run as a workload. */
  finish(): TraceRead {
    if (this.last === undefined) throw new LensError('internal', 'A benchmark file without runs was read.');
    return readBenchResult(this.last, this.source, this.maxJobs, this.runs);
  }
}

/** The sink for a file, chosen by its first non-blank line. */
function sinkFor(path: string, first: string, maxJobs: number): LineSink {
  const text = first.trimStart();
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = parseBenchLine(text, path);
    } catch {
      value = undefined;
    }
    return isBenchResult(value) ? new BenchRunsSink(path, maxJobs) : new JsonlSink(path, maxJobs);
  }
  if (text.startsWith('[')) throw new LensError('bad-input', `${path} is a JSON array: save it as a .json file.`);
  return new CsvSink(path, maxJobs);
}

/** Streams a JSONL or CSV file (a file of benchmark runs included) line by line. */
async function streamTrace(path: string, maxJobs: number, signal?: AbortSignal): Promise<TraceRead> {
  let sink: LineSink | undefined;
  for await (const batch of readLines(path, signal))
    batch.lines.forEach((line, i) => {
      if (line.trim() === '') return;
      sink ??= sinkFor(path, line, maxJobs);
      sink.line(line, batch.first + i);
    });
  if (sink === undefined)
    throw new LensError('bad-input', `${path} holds only blank space: there are no requests in it. Choose a trace.`);
  return sink.finish();
}

/** A `.json` file: a vLLM (or SGLang) benchmark result, or an array of request objects. */
async function readJsonTrace(path: string, maxJobs: number, signal?: AbortSignal): Promise<TraceRead> {
  const bytes = await readFile(path);
  const why = binaryReason(bytes);
  if (why !== undefined)
    throw new LensError('bad-input', `${path} is a binary file (${why}), not a JSON trace. Choose a text file.`);
  const value = parseBenchLine(new TextDecoder().decode(bytes), path);
  throwIfCancelled(signal);
  if (isBenchResult(value)) return readBenchResult(value, path, maxJobs);
  if (!Array.isArray(value))
    throw new LensError(
      'bad-input',
      `${path} is neither a benchmark result (no output_lens) nor an array of requests. ` +
        'Save a vLLM result with --save-result, or write one request per line as JSONL.',
    );
  const sink = new JsonlSink(path, maxJobs);
  value.forEach((item, i) => sink.line(JSON.stringify(item) ?? 'null', i + 1));
  return sink.finish();
}

/**
 * Streams a trace file (size limit checked first; lines read as a stream; signal checked); refuses unsorted or
 * negative times, zero or missing output lengths, NaN, binary or empty files with `bad-input` naming the line.
 */
export async function readTrace(path: string, o: ReadTraceOptions = {}): Promise<TraceRead> {
  const maxBytes = o.maxBytes ?? MAX_TRACE_BYTES;
  const maxJobs = o.maxJobs ?? MAX_TRACE_JOBS;
  const size = await checkedSize(path, maxBytes);
  throwIfCancelled(o.signal);
  if (extname(path).toLowerCase() === '.json') {
    if (size > MAX_JSON_TRACE_BYTES)
      throw new LensError(
        'too-long',
        `${path} is ${size} bytes, more than the ${MAX_JSON_TRACE_BYTES} bytes a .json trace is read whole up to. ` +
          'Write the requests one per line (.jsonl), which is streamed.',
      );
    return readJsonTrace(path, maxJobs, o.signal);
  }
  return streamTrace(path, maxJobs, o.signal);
}
