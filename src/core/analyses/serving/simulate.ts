/**
 * @file The serving simulator's entry point: one policy on a workload under the options' cost model (the M/G/1
 * event loop in mg1.ts, continuous batching in batched.ts), after checking the inputs.
 */
import { LensError } from '../../errors';
import { simulateBatched } from './batched';
import { simulateMg1 } from './mg1';
import { predictionsFor } from './predictions';
import {
  SERVING_POLICIES,
  type CostModel,
  type PolicySpec,
  type SimOptions,
  type SimRun,
  type Workload,
} from './types';

/**
 * Simulates one policy on a workload under the options' cost model (async: yields to the event loop about
 * every 50 ms and throws `cancelled` on the signal; reports progress).
 */
export async function simulate(w: Workload, spec: PolicySpec, opts: SimOptions): Promise<SimRun> {
  checkSpec(spec);
  checkWorkload(w);
  checkCost(opts.cost);
  const pred = predictionsFor(w, opts.predictions, opts.seed);
  if (opts.cost.mode === 'mg1') return simulateMg1(w, spec, pred, opts, opts.cost.rate);
  return simulateBatched(w, spec, pred, opts, opts.cost);
}

function checkSpec(spec: PolicySpec): void {
  if (!SERVING_POLICIES.includes(spec.policy))
    throw new LensError(
      'bad-input',
      `Unknown policy ${JSON.stringify(String(spec.policy).slice(0, 40))}. Choose ${SERVING_POLICIES.join(', ')}.`,
    );
  const c = spec.c;
  if (spec.policy === 'trail' && c !== undefined && !(c >= 0 && c <= 1))
    throw new LensError('bad-input', `The preemption limit c = ${String(c).slice(0, 40)} is not in (0, 1].`);
}

/** Column lengths agree; arrivals are sorted and ≥ 0; sizes are > 0 (the trace reader says which line). */
function checkWorkload(w: Workload): void {
  const n = w.size.length;
  if (w.arrival.length !== n || w.prompt.length !== n || (w.predicted !== undefined && w.predicted.length !== n))
    throw new LensError('bad-input', `The workload's columns have different lengths (${n} sizes). Rebuild it.`);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const a = w.arrival[i] ?? NaN;
    const s = w.size[i] ?? NaN;
    if (!(a >= prev) || !Number.isFinite(a))
      throw new LensError('bad-input', `Request ${i + 1} arrives at ${a}, before the one ahead of it. Sort by time.`);
    if (!(s > 0) || !Number.isFinite(s))
      throw new LensError('bad-input', `Request ${i + 1} has output length ${s}. Give lengths above 0.`);
    prev = a;
  }
}

function checkCost(cost: CostModel): void {
  const positive = (name: string, v: number): void => {
    if (!(v > 0) || !Number.isFinite(v))
      throw new LensError('bad-input', `The cost model's ${name} is ${String(v).slice(0, 40)}. Give a value > 0.`);
  };
  if (cost.mode === 'mg1') return positive('rate', cost.rate);
  for (const [name, v] of [
    ['prefillPerToken', cost.prefillPerToken],
    ['decodePerToken', cost.decodePerToken],
    ['stepOverhead', cost.stepOverhead],
  ] as const)
    if (!(v >= 0) || !Number.isFinite(v))
      throw new LensError('bad-input', `The cost model's ${name} is ${String(v).slice(0, 40)}. Give a value ≥ 0.`);
  positive('kvCapacity', cost.kvCapacity);
  positive('maxBatch', cost.maxBatch);
}
