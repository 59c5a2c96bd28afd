/**
 * @file Turns JSONL objects or CSV cells into requests: columns found by name, values converted, the workload
 * built, and notes on what was assumed (arrivals drawn when absent, dates shifted, columns ignored).
 */
import { LensError } from '../../errors';
import { jsonParse } from '../../parse';
import { clip } from '../logs/common';
import { ARRIVAL_SEED, poissonArrivals } from './arrivals';
import { WorkloadBuilder, type TraceRow } from './columns';
import { delimiterOf, rowCells, splitCells } from './csv';
import { OUTPUT_NAMES, fieldOf, numberOf, refinedOf, timeOf, type TraceField } from './fields';
import type { TraceRead } from './types';

/** Reads lines one at a time, then gives the trace. */
export interface LineSink {
  /** Takes one non-blank line with its 1-based number. */
  line(text: string, number: number): void;
  /** The trace read. */
  finish(): TraceRead;
}

/** Python's bare NaN / Infinity where JSON wants a number. */
const BARE_SPECIAL = /[:,[]\s*-?(?:NaN|Infinity)\b/u;

/** Shared by the JSONL and CSV readers: values to rows, rows to the workload, notes. */
class RowReader {
  readonly builder: WorkloadBuilder;
  private dates = false;
  readonly ignored = new Set<string>();

  constructor(
    readonly source: string,
    maxJobs: number,
  ) {
    this.builder = new WorkloadBuilder(source, maxJobs);
  }

  /** Adds a request from its fields' raw values. */
  add(get: (field: TraceField) => unknown, where: string): void {
    const time = timeOf(get('arrival'));
    this.dates ||= time.date;
    const row: TraceRow = {
      arrival: time.seconds,
      prompt: numberOf(get('prompt')),
      output: numberOf(get('output')),
      predicted: numberOf(get('predicted')),
      refined: refinedOf(get('refined'), where),
    };
    this.builder.add(row, where);
  }

  /** The trace, with arrivals drawn when the file has none. */
  finish(format: TraceRead['format']): TraceRead {
    const notes: string[] = [];
    const jobs = this.builder.jobs;
    let arrivals: Float64Array | undefined;
    if (!this.builder.hasArrivals && jobs > 0) {
      arrivals = poissonArrivals(jobs, 1);
      notes.push(
        `No arrival times: Poisson arrivals at 1 request per second were drawn (seed ${ARRIVAL_SEED}); ` +
          'the loads you simulate rescale them.',
      );
    }
    const workload = this.builder.build(arrivals);
    if (this.dates && workload.arrival.length > 0) {
      const t0 = workload.arrival[0] ?? 0;
      for (let i = 0; i < workload.arrival.length; i++) workload.arrival[i] = (workload.arrival[i] ?? 0) - t0;
      notes.push('Arrival times are dates: shifted so that the first request arrives at 0 s.');
    }
    if (this.ignored.size > 0) notes.push(`Columns ignored: ${clip([...this.ignored].join(', '))}.`);
    return { workload, source: this.source, format, notes };
  }
}

/** Lines shorter than this are parsed by JSON.parse directly (their nesting cannot reach the depth limit). */
const SHORT_LINE = 4096;

/** Parses a JSONL line; Python's bare NaN or Infinity gets its own message. */
function parseLine(text: string, where: string): unknown {
  const fix = 'Every line of a JSONL trace is one JSON object.';
  try {
    if (text.length < SHORT_LINE)
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // jsonParse below says why, in its words.
      }
    return jsonParse(text, where, { fix });
  } catch (error) {
    if (BARE_SPECIAL.test(text))
      throw new LensError('bad-input', `${where} holds NaN or Infinity where a number belongs. Correct the value.`);
    throw error;
  }
}

/** The refusal of a file without an output-length column. */
function noOutput(source: string, names: readonly string[]): LensError {
  return new LensError(
    'bad-input',
    `${source} has no output-length column (its columns: ${clip(names.join(', ') || 'none')}). ` +
      `Name it one of: ${OUTPUT_NAMES}.`,
  );
}

/** JSONL: one JSON object per request. */
export class JsonlSink implements LineSink {
  private readonly rows: RowReader;
  /** The field of each key seen (undefined: ignored). */
  private readonly keys = new Map<string, TraceField | undefined>();

  constructor(source: string, maxJobs: number) {
    this.rows = new RowReader(source, maxJobs);
  }

  /** Parses one object and adds its request. */
  line(text: string, number: number): void {
    const where = `Line ${number} of ${this.rows.source}`;
    const value = parseLine(text, where);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new LensError(
        'bad-input',
        `${where} is not a JSON object (${clip(text.trim(), 40)}). Every line of a JSONL trace is one object.`,
      );
    const fields = new Map<TraceField, unknown>();
    for (const [key, item] of Object.entries(value)) {
      let field = this.keys.get(key);
      if (field === undefined && !this.keys.has(key)) this.keys.set(key, (field = fieldOf(key)));
      if (field === undefined) {
        if (this.rows.ignored.size < 12) this.rows.ignored.add(key);
      } else if (!fields.has(field)) fields.set(field, item);
    }
    if (this.rows.builder.jobs === 0 && !fields.has('output')) throw noOutput(where, Object.keys(value));
    this.rows.add((field) => fields.get(field), where);
  }

  /** The trace read. */
  finish(): TraceRead {
    return this.rows.finish('jsonl');
  }
}

/** CSV or TSV: a header, then one request per line. */
export class CsvSink implements LineSink {
  private readonly rows: RowReader;
  private header: { delimiter: string; width: number; index: Map<TraceField, number> } | undefined;

  constructor(source: string, maxJobs: number) {
    this.rows = new RowReader(source, maxJobs);
  }

  /** Reads the header, then one request per line. */
  line(text: string, number: number): void {
    const where = `Line ${number} of ${this.rows.source}`;
    if (this.header === undefined) {
      this.header = this.readHeader(text, where);
      return;
    }
    const { delimiter, width, index } = this.header;
    const cells = rowCells(text, delimiter, width, where);
    this.rows.add((field) => {
      const at = index.get(field);
      return at === undefined ? undefined : cells[at];
    }, where);
  }

  /** The trace read. */
  finish(): TraceRead {
    if (this.header === undefined)
      throw new LensError('bad-input', `${this.rows.source} has no header line. Name the columns on line 1.`);
    return this.rows.finish('csv');
  }

  private readHeader(text: string, where: string): NonNullable<CsvSink['header']> {
    const delimiter = delimiterOf(text);
    const names = (splitCells(text, delimiter) ?? []).map((name) => name.trim());
    const index = new Map<TraceField, number>();
    names.forEach((name, i) => {
      const field = fieldOf(name);
      if (field === undefined || index.has(field)) this.rows.ignored.add(name);
      else index.set(field, i);
    });
    if (!index.has('output')) throw noOutput(where.replace(/^Line 1 of /u, 'The header of '), names);
    return { delimiter, width: names.length, index };
  }
}
