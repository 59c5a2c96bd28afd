/**
 * @file Whether a model's KV-cache graph reproduces its full pass for ablation, checked once per graph and mode on
 * the first window: one ablation run both ways, logits compared. A graph that fails (or throws) is not used, and the
 * reason goes into the result: ablation then recomputes whole windows, as before.
 */
import type { ABLATION_CACHES } from '../../../shared/dependencies';
import { ortReason } from '../../errors';
import { runRows, type AblationMode } from './ablationEffects';
import type { DependencyModel } from './dependencyModel';
import { runPrefix } from './prefixAblation';
import type { PrefixGraph } from './prefixGraph';

/** Largest difference of logits allowed, absolute plus relative to the largest logit (float32 rounding is ~1e-5). */
const TOLERANCE = { absolute: 1e-3, relative: 1e-4 };

const checked = new WeakMap<PrefixGraph, Map<AblationMode, Promise<string | undefined>>>();

/** Undefined when `graph` reproduces the full pass of `model` on `ids` in `mode`; else why not, in words. */
export function prefixProblem(
  model: DependencyModel,
  graph: PrefixGraph,
  ids: ArrayLike<number>,
  mode: AblationMode,
): Promise<string | undefined> {
  const byMode = checked.get(graph) ?? new Map<AblationMode, Promise<string | undefined>>();
  checked.set(graph, byMode);
  let problem = byMode.get(mode);
  if (problem === undefined) {
    problem = compare(model, graph, ids, mode).catch((error: unknown) => `it failed (${ortReason(error)})`);
    byMode.set(mode, problem);
  }
  return problem;
}

async function compare(
  model: DependencyModel,
  graph: PrefixGraph,
  ids: ArrayLike<number>,
  mode: AblationMode,
): Promise<string | undefined> {
  const W = ids.length;
  const j = Math.max(1, Math.floor(W / 2));
  if (W < 2) return undefined;
  const full = await runRows(model, ids, [j], mode, model.bosId);
  const { cache } = await runPrefix(graph, ids, { P: 0, js: [-1] }, mode, model.bosId, undefined);
  const part = await runPrefix(graph, ids, { P: j, js: [j] }, mode, model.bosId, cache);
  const V = full.vocab;
  if (part.logits.vocab !== V) return `its logits have ${part.logits.vocab} entries, the full pass's ${V}`;
  let worst = 0;
  let largest = 0;
  for (let i = 0; i < (W - j) * V; i++) {
    const x = full.data[j * V + i] ?? 0;
    worst = Math.max(worst, Math.abs(x - (part.logits.data[i] ?? 0)));
    largest = Math.max(largest, Math.abs(x));
  }
  if (!(worst <= TOLERANCE.absolute + TOLERANCE.relative * largest))
    return `its logits differ from the full pass's by up to ${worst.toPrecision(3)}`;
  return undefined;
}

/** How ablation runs its copies: through the KV cache (`prefix`) or as whole windows (`none`). */
export type AblationCache = (typeof ABLATION_CACHES)[number];

/** The way a run ablates, and its words for the result's method line. */
export interface CachePlan {
  readonly cache: AblationCache;
  /** The KV-cache graph, when `cache` is 'prefix'. */
  readonly graph?: PrefixGraph;
  /** How the copies were computed, in words (appended to the method). */
  readonly how: string;
}

/**
 * Picks how ablation runs on `model`: through its KV-cache graph when it has one that reproduces the full pass on
 * `ids` (the first window), unless `wanted` is 'none'.
 */
export async function planCache(
  model: DependencyModel,
  ids: ArrayLike<number>,
  mode: AblationMode,
  wanted: AblationCache = 'prefix',
): Promise<CachePlan> {
  const whole = 'each ablated copy recomputed its whole window';
  if (wanted === 'none') return { cache: 'none', how: `${whole} (as asked)` };
  const graph = model.prefix;
  if (graph === undefined) return { cache: 'none', how: `${whole}: the model has no KV-cache graph` };
  const problem = await prefixProblem(model, graph, ids, mode);
  if (problem !== undefined)
    return { cache: 'none', how: `${whole}: the model's KV-cache graph was not used, as ${problem}` };
  return {
    cache: 'prefix',
    graph,
    how:
      'each ablated copy reused the keys and values of the tokens before the removed one (KV cache) and ' +
      'recomputed only the positions from it on',
  };
}
