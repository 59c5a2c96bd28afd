/**
 * @file The workload a serving simulation runs on: a trace file read by the trace reader, or M/G/1 jobs drawn
 * from an exponential or the Alpaca size law, with what the result says about it (format, time unit, load).
 */
import { join } from 'node:path';
import { LensError } from '../../core/errors';
import { readTrace } from '../../core/formats/traces/index';
import type { Workload } from '../../core/analyses/serving/types';
import { mg1Workload, withRate, type SizeLaw } from '../../core/analyses/serving/workload';
import type { ServingSimulateParams, ServingSimulateResult } from '../../shared/serving';

/** The Alpaca output lengths (TRAIL's trace), beside the model zoo. */
export function alpacaPath(modelsDir: string): string {
  return join(modelsDir, '..', 'serving', 'alpaca-lengths.csv');
}

/** A workload and what the result reports of it. */
export interface SimSource {
  readonly workload: Workload;
  readonly source: string;
  readonly format: ServingSimulateResult['format'];
  readonly notes: readonly string[];
  readonly timeUnit: ServingSimulateResult['timeUnit'];
  /** The size law of generated jobs (M/G/1 source only): the theory integrates over it. */
  readonly sizes?: SizeLaw;
  /** The generated jobs' arrival rate (M/G/1 source only). */
  readonly rho?: number;
}

/** The size law of generated jobs: exponential, or the Alpaca output lengths (scaled to mean 1 by the core). */
export async function sizeLawOf(name: 'exponential' | 'alpaca', modelsDir: string, signal: AbortSignal) {
  if (name === 'exponential') return { kind: 'exponential' } as const;
  const alpaca = await readTrace(alpacaPath(modelsDir), { signal });
  return { kind: 'empirical', values: alpaca.workload.size } as const;
}

/** Reads the trace or draws the M/G/1 jobs of `p`. */
export async function simSource(p: ServingSimulateParams, modelsDir: string, signal: AbortSignal): Promise<SimSource> {
  const s = p.source;
  if (s.kind === 'trace') {
    const read = await readTrace(s.path, { signal, ...(s.maxJobs !== undefined ? { maxJobs: s.maxJobs } : {}) });
    const notes = [...read.notes];
    let workload = read.workload;
    if (s.rate !== undefined) {
      if (meanRate(workload) === 0)
        throw new LensError('bad-input', `Every request of ${read.source} arrives at once: there is no rate to scale.`);
      workload = withRate(workload, s.rate);
      notes.push(`Arrivals rescaled to ${s.rate} requests per second on average.`);
    }
    return { source: read.source, format: read.format, notes, timeUnit: 's', workload };
  }
  if (p.cost.mode !== 'mg1')
    throw new LensError(
      'bad-input',
      'Generated M/G/1 jobs have sizes of mean 1, not token counts: simulate them with the M/G/1 cost model, ' +
        'or load a trace for the batched one.',
    );
  const sizes = await sizeLawOf(s.sizes, modelsDir, signal);
  const workload = mg1Workload({ rho: s.rho, jobs: s.jobs, seed: p.seed, sizes });
  const law = s.sizes === 'alpaca' ? "the Alpaca trace's output lengths scaled to mean 1" : 'exponential sizes';
  return {
    workload,
    source: `${s.jobs} M/G/1 jobs at load ${s.rho}, ${law}`,
    format: 'mg1',
    notes: [],
    timeUnit: 'service',
    sizes,
    rho: s.rho,
  };
}

/** Mean of a column. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  return values.length === 0 ? 0 : sum / values.length;
}

/** Mean request rate: requests per time unit over the arrivals' span (0 when they all arrive at once). */
export function meanRate(w: Workload): number {
  const n = w.arrival.length;
  const span = n > 1 ? (w.arrival[n - 1] ?? 0) - (w.arrival[0] ?? 0) : 0;
  return span > 0 ? (n - 1) / span : 0;
}
