/**
 * @file Builds a workload's columns from trace rows, one request at a time (typed arrays that grow by doubling),
 * refusing bad values with `bad-input` naming the line: negative or unsorted arrival times, zero, negative or
 * missing output lengths, NaN or infinite numbers, a column present on some lines and missing on others.
 */
import { LensError } from '../../errors';
import type { Workload } from '../../analyses/serving/types';
import { clip } from '../logs/common';

/** One request as a reader found it (undefined: the column is absent). */
export interface TraceRow {
  readonly arrival?: number | undefined;
  readonly prompt?: number | undefined;
  readonly output?: number | undefined;
  readonly predicted?: number | undefined;
  readonly refined?: Float32Array | undefined;
}

/** Which optional columns the first request had. */
interface Layout {
  readonly arrival: boolean;
  readonly prompt: boolean;
  readonly predicted: boolean;
}

/** A growable column of doubles. */
class Column {
  private data = new Float64Array(1024);
  private size = 0;
  /** Appends a value. */
  push(value: number): void {
    if (this.size === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size++] = value;
  }
  /** The values pushed, trimmed to their count. */
  values(): Float64Array {
    return this.data.slice(0, this.size);
  }
}

/** The message of a bad value. */
function bad(where: string, what: string, fix: string): LensError {
  return new LensError('bad-input', `${where} ${what}. ${fix}`);
}

/** Checks that a value is a finite number (NaN and infinities refused). */
function finite(value: number, where: string, name: string): number {
  if (!Number.isFinite(value))
    throw bad(where, `has ${name} ${clip(String(value), 20)}, not a finite number`, `Correct its ${name}.`);
  return value;
}

/** Accumulates requests into a {@link Workload}. */
export class WorkloadBuilder {
  private readonly arrival = new Column();
  private readonly prompt = new Column();
  private readonly size = new Column();
  private readonly predicted = new Column();
  private readonly refined: (Float32Array | undefined)[] = [];
  private anyRefined = false;
  private layout: Layout | undefined;
  private last = 0;
  private count = 0;

  /** A builder for `source`, refusing more than `maxJobs` requests. */
  constructor(
    private readonly source: string,
    private readonly maxJobs: number,
  ) {}

  /** Requests added so far. */
  get jobs(): number {
    return this.count;
  }

  /** Whether the first request had an arrival time. */
  get hasArrivals(): boolean {
    return this.layout?.arrival ?? false;
  }

  /** Adds one request; `where` names it in messages ("Line 12 of trace.jsonl"). */
  add(row: TraceRow, where: string): void {
    if (this.count >= this.maxJobs)
      throw new LensError(
        'too-long',
        `${this.source} has more than ${this.maxJobs} requests, the trace limit. Simulate a part of the trace.`,
      );
    const layout = (this.layout ??= {
      arrival: row.arrival !== undefined,
      prompt: row.prompt !== undefined,
      predicted: row.predicted !== undefined,
    });
    this.addOutput(row.output, where);
    if (layout.arrival) this.addArrival(row.arrival, where);
    else if (row.arrival !== undefined) throw this.absentBefore(where, 'an arrival time');
    if (layout.prompt) this.prompt.push(this.nonNegative(row.prompt, where, 'prompt tokens'));
    else if (row.prompt !== undefined) throw this.absentBefore(where, 'a prompt length');
    if (layout.predicted) this.predicted.push(this.positive(row.predicted, where, 'predicted length'));
    else if (row.predicted !== undefined) throw this.absentBefore(where, 'a predicted length');
    this.addRefined(row.refined, where);
    this.count += 1;
  }

  /** The workload; `arrivals` stands in for an absent arrival column. */
  build(arrivals?: Float64Array): Workload {
    if (this.count === 0)
      throw new LensError('bad-input', `${this.source} has no requests in it. Choose a trace with requests.`);
    const arrival = this.layout?.arrival === true ? this.arrival.values() : arrivals;
    if (arrival === undefined) throw new LensError('internal', 'A trace without arrival times got none drawn.');
    return {
      arrival,
      prompt: this.layout?.prompt === true ? this.prompt.values() : new Float64Array(this.count),
      size: this.size.values(),
      ...(this.layout?.predicted === true ? { predicted: this.predicted.values() } : {}),
      ...(this.anyRefined ? { refined: this.refined } : {}),
    };
  }

  private addOutput(output: number | undefined, where: string): void {
    if (output === undefined)
      throw bad(where, 'has no output length', 'Every request needs output_tokens (or output_len), above 0.');
    finite(output, where, 'output length');
    if (output <= 0)
      throw bad(where, `has output length ${output}`, 'Every request generates at least one token: drop it.');
    this.size.push(output);
  }

  private addArrival(arrival: number | undefined, where: string): void {
    if (arrival === undefined) throw bad(where, 'has no arrival time', 'Give every request its arrival time.');
    finite(arrival, where, 'arrival time');
    if (arrival < 0) throw bad(where, `has a negative arrival time (${arrival})`, 'Times start at 0 or later.');
    if (arrival < this.last)
      throw bad(
        where,
        `arrives at ${arrival}, before the request above it (${this.last}): the trace is not sorted by time`,
        'Sort the requests by arrival time.',
      );
    this.last = arrival;
    this.arrival.push(arrival);
  }

  private addRefined(refined: Float32Array | undefined, where: string): void {
    if (refined !== undefined)
      for (const value of refined)
        if (!Number.isFinite(value) || value < 0)
          throw bad(where, `has a refined prediction of ${value}`, 'Refined predictions are lengths, 0 or more.');
    this.refined.push(refined);
    this.anyRefined ||= refined !== undefined;
  }

  private nonNegative(value: number | undefined, where: string, name: string): number {
    if (value === undefined) throw this.missing(where, name);
    if (finite(value, where, name) < 0) throw bad(where, `has ${name} ${value}`, `${name} cannot be negative.`);
    return value;
  }

  private positive(value: number | undefined, where: string, name: string): number {
    if (value === undefined) throw this.missing(where, name);
    if (finite(value, where, name) <= 0) throw bad(where, `has ${name} ${value}`, `A ${name} is above 0.`);
    return value;
  }

  private missing(where: string, name: string): LensError {
    return bad(where, `has no ${name} while the first request has one`, 'Give every request the same columns.');
  }

  private absentBefore(where: string, what: string): LensError {
    return bad(where, `has ${what} while the first request has none`, 'Give every request the same columns.');
  }
}
