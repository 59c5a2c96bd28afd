/**
 * @file What "Simulate Serving Schedule…" asks the engine, free of `vscode` (unit-tested): the params from the
 * chosen workload, predictions and c, and the c the panel's slider sends back.
 */
import {
  CSchema,
  MG1_SIZE_LAWS,
  SERVING_OPTIONS,
  SERVING_POLICY_NAMES,
  type Mg1SizeLaw,
  type ServingSimulateParams,
  type ServingSimulateResult,
} from '../../shared/serving';
import { v } from '../../shared/schema';

/** The workload the user chose: a trace file, or generated M/G/1 jobs at a load. */
export type ServingSource =
  | { readonly kind: 'trace'; readonly path: string }
  | { readonly kind: 'mg1'; readonly rho: number; readonly sizes: Mg1SizeLaw };

/** How a trace is served: continuous batching with the default costs, or one request at a time (M/G/1). */
export type ServerChoice = { readonly kind: 'batched' } | { readonly kind: 'mg1'; readonly rate: number };

/** Predicted lengths as the params carry them. */
export type PredictionsChoice = ServingSimulateParams['predictions'];

/** Options from the settings. */
export interface PlanOptions {
  /** Generated M/G/1 jobs per run. */
  readonly jobs: number;
  readonly seed: number;
}

/** The loads of the latency-against-load chart at load `rho`: the defaults below 1, and `rho` itself. */
export function mg1Loads(rho: number): number[] {
  return [...new Set([...SERVING_OPTIONS.loads.default, rho])].filter((x) => x > 0 && x < 1).sort((a, b) => a - b);
}

/**
 * The params of a simulation: every policy; TRAIL at `c`; generated jobs under the M/G/1 cost model (1 token per
 * time unit, so times are in mean service times), a trace under continuous batching with the default costs or,
 * when `server` says so, on one server at its rate in tokens per second.
 */
export function simulateParams(
  source: ServingSource,
  predictions: PredictionsChoice,
  c: number,
  o: PlanOptions,
  server: ServerChoice = { kind: 'batched' },
): ServingSimulateParams {
  const common = { policies: [...SERVING_POLICY_NAMES], c: [c], predictions, seed: o.seed };
  if (source.kind === 'mg1') {
    return {
      ...common,
      source: { kind: 'mg1', rho: source.rho, jobs: o.jobs, sizes: source.sizes },
      cost: { mode: 'mg1', rate: 1 },
      loads: mg1Loads(source.rho),
    };
  }
  return {
    ...common,
    source: { kind: 'trace', path: source.path },
    cost: server.kind === 'mg1' ? { mode: 'mg1', rate: server.rate } : { mode: 'batched', ...SERVING_OPTIONS.batched },
    loads: [...SERVING_OPTIONS.rateMultiples.default],
  };
}

/** The c the slider sent, rounded to its step, or undefined when it is not a valid c. */
export function parseC(arg: string): number | undefined {
  const step = SERVING_OPTIONS.c.step;
  const c = Math.round(Number(arg) / step) * step;
  const rounded = Number(c.toFixed(2));
  return arg.trim() !== '' && v.safeParse(CSchema, rounded).success ? rounded : undefined;
}

/** A load ρ typed by the user, or the reason it is refused (the queue is unstable at ρ ≥ 1). */
export function parseRho(text: string): { rho: number } | { problem: string } {
  const rho = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(rho)) return { problem: 'Type a number between 0 and 1, e.g. 0.8.' };
  if (rho >= 1) return { problem: 'At load 1 or more the queue grows without end (unstable): type a load below 1.' };
  if (rho <= 0) return { problem: 'The load must be above 0.' };
  return { rho };
}

/** A server rate typed by the user (output tokens per second), or the reason it is refused. */
export function parseRate(text: string): { rate: number } | { problem: string } {
  const rate = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(rate) || rate <= 0)
    return { problem: 'Type the output tokens per second the server produces, a number above 0, e.g. 1000.' };
  return { rate };
}

/** The size laws, for the quick pick. */
export const SIZE_LAWS: readonly Mg1SizeLaw[] = MG1_SIZE_LAWS;

/** The params that run only TRAIL at `c` on the last simulation's workload (the slider's rerun). */
export function trailOnly(last: ServingSimulateParams, c: number): ServingSimulateParams {
  return { ...last, policies: ['trail'], c: [c] };
}

/**
 * The last result with its TRAIL runs and TRAIL load points replaced by `fresh`'s (a rerun of TRAIL alone at a new
 * c on the same workload and seed); the other policies' runs stay as they were, in their order.
 */
export function withTrail(last: ServingSimulateResult, fresh: ServingSimulateResult): ServingSimulateResult {
  const trailRuns = fresh.runs.filter((r) => r.summary.policy === 'trail');
  const others = last.runs.filter((r) => r.summary.policy !== 'trail');
  const at = last.runs.findIndex((r) => r.summary.policy === 'trail');
  const runs = at < 0 ? [...others, ...trailRuns] : [...others.slice(0, at), ...trailRuns, ...others.slice(at)];
  const loads = [...last.loads.filter((p) => p.policy !== 'trail'), ...fresh.loads.filter((p) => p.policy === 'trail')];
  return { ...last, runs, loads };
}
