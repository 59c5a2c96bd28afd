/**
 * @file The serving toolkit in the engine: `serving.simulate` reads a trace (or draws M/G/1 jobs), simulates each
 * policy (TRAIL at each c), and returns per run the summary, CDFs, a Gantt window and KV memory, the closed form
 * in M/G/1 mode, and mean latency against load. A partial result is sent after each run.
 */
import { mg1MeanResponse } from '../../core/analyses/serving/theory';
import { predictionsFor } from '../../core/analyses/serving/predictions';
import type { PolicySpec, SimOptions, Workload } from '../../core/analyses/serving/types';
import {
  servingSimulateRequest,
  type ServingRun,
  type ServingSimulateParams,
  type ServingSimulateResult,
} from '../../shared/serving';
import { handle, type EngineToolkit, type Job } from '../toolkit';
import { LOAD_POINT_JOBS, loadPoints } from './loads';
import { servingRun } from './run';
import { mean, meanRate, simSource, type SimSource } from './source';
import { pickWindow, windowJobs } from './window';

/** The runs asked for: each policy once, TRAIL once per c. */
export function specsOf(p: Pick<ServingSimulateParams, 'policies' | 'c'>): PolicySpec[] {
  return p.policies.flatMap((policy): PolicySpec[] =>
    policy === 'trail' ? p.c.map((c) => ({ policy, c })) : [{ policy }],
  );
}

/** The cost model's rate in M/G/1 mode; 1 otherwise. */
const rateOf = (p: ServingSimulateParams) => (p.cost.mode === 'mg1' ? p.cost.rate : 1);

/** The closed form of `spec` at effective load ρ: M/G/1 jobs, M/G/1 cost, perfect or noisy predictions. */
function theoryOf(p: ServingSimulateParams, src: SimSource) {
  return (spec: PolicySpec, rho: number): number | undefined => {
    if (src.sizes === undefined || p.cost.mode !== 'mg1' || p.predictions.kind === 'model') return undefined;
    return mg1MeanResponse(spec, { rho, sizes: src.sizes, predictions: p.predictions }) / p.cost.rate;
  };
}

/** The workload's load ρ in M/G/1 mode (arrival rate × mean size / service rate), with a note when ≥ 1. */
function loadOf(p: ServingSimulateParams, src: SimSource, notes: string[]): number | undefined {
  if (p.cost.mode !== 'mg1') return undefined;
  const rho =
    src.rho !== undefined ? src.rho / p.cost.rate : (meanRate(src.workload) * mean(src.workload.size)) / p.cost.rate;
  if (src.rho === undefined && rho >= 1)
    notes.push(`The trace's load is ρ = ${rho.toPrecision(3)} ≥ 1: the queue grows through the trace (unstable).`);
  return rho;
}

/** Runs the serving simulation. */
export async function servingSimulate(
  p: ServingSimulateParams,
  job: Job<ServingSimulateResult>,
  modelsDir: string,
): Promise<ServingSimulateResult> {
  const src = await simSource(p, modelsDir, job.signal);
  const w = src.workload;
  const notes = [...src.notes];
  const rho = loadOf(p, src, notes);
  const specs = specsOf(p);
  const total = specs.length * (1 + p.loads.length);
  const window = p.window ?? pickWindow(w);
  const opts = (done: number, withWindow: boolean): SimOptions => ({
    cost: p.cost,
    predictions: p.predictions,
    seed: p.seed,
    signal: job.signal,
    ...(withWindow ? { window } : {}),
    onProgress: (f) => job.progress((done + f) / total, `Simulating ${done + 1} of ${total}`),
  });
  const theory = theoryOf(p, src);
  const base = {
    source: src.source,
    format: src.format,
    notes,
    mode: p.cost.mode,
    timeUnit: src.timeUnit,
    jobs: w.size.length,
    meanSize: mean(w.size),
    rate: meanRate(w),
    ...(rho !== undefined ? { rho } : {}),
    predictions: p.predictions,
    window,
    loadAxis: src.sizes !== undefined ? 'rho' : 'rate-multiple',
  } as const;
  const runs: ServingRun[] = [];
  let cut = false;
  for (const [i, spec] of specs.entries()) {
    const th = rho !== undefined ? theory(spec, rho) : undefined;
    const { run, segmentsCut } = await servingRun(w, spec, opts(i, true), th);
    runs.push(run);
    cut ||= segmentsCut;
    job.partial?.({ ...base, runs: [...runs], windowJobs: [], loads: [] });
  }
  if (cut) notes.push('The Gantt window holds more segments than are drawn: its first ones are kept.');
  const sweep = { source: src, specs, loads: p.loads, seed: p.seed, theory, rate: rateOf(p) };
  const loads = await loadPoints({ ...sweep, opts: (d) => opts(specs.length + d, false) }, notes);
  if (src.sizes !== undefined && w.size.length > LOAD_POINT_JOBS && p.loads.length > 0)
    notes.push(`Each latency-against-load point simulates ${LOAD_POINT_JOBS} jobs.`);
  return { ...base, runs, windowJobs: windowJobs(w, runs, window, predicted(w, p)), loads };
}

/** The initial predictions the runs used (for the Gantt window's labels). */
function predicted(w: Workload, p: ServingSimulateParams): Float64Array {
  return predictionsFor(w, p.predictions, p.seed).initial;
}

/** Handlers of the serving toolkit. */
export const servingEngine: EngineToolkit = (env) => [
  handle(servingSimulateRequest, (params, job) => servingSimulate(params, job, env.modelsDir)),
];
