/**
 * @file Ablation-based token dependencies: for each scored token t, the effect on its prediction
 * of removing each earlier token j of its window (KL in nats, see {@link ablationEffects}; for a model read
 * through a server's log-probabilities, the change in the actual token's surprisal, see {@link scoredAblationEffects}),
 * k_δ(t) = how many j have an effect above δ, and the top-k j by effect. Windows are planned as
 * for attention (BOS + bytes, window = context, stride half), so both methods see the same
 * context for the same token. This measure is our proxy, not the paper's (which is unrecovered).
 */
import { LensError, throwIfCancelled } from '../../errors';
import { BatchSizer } from '../../model/pacing';
import { planWindows, type ScoreWindow } from '../surprisal/planWindows';
import { ablationEffects, MAX_BATCH, type AblationMode, type WindowEffects } from './ablationEffects';
import { byteTokens, type ByteTokens } from './byteTokens';
import type { DependencyModel } from './dependencyModel';
import { topK } from './kMass';
import { prefixAblationEffects, MAX_PREFIX_TOKENS } from './prefixAblation';
import { planCache, type AblationCache, type CachePlan } from './prefixCheck';
import { isScored, scoredAblationEffects, scoredMethodText, type ScoredDependencyModel } from './scoredAblation';
import type { AblationMeasure } from '../../../shared/dependencies';

/** Options of {@link ablationDependencies}. */
export interface AblationDependencyOptions {
  /** Effect (KL, nats) above which a token counts as a dependency. @default 0.1 */
  readonly delta?: number;
  /** Dependencies kept per token. @default 32 */
  readonly k?: number;
  /** How a token is removed. @default 'replace' (by the BOS id) */
  readonly mode?: AblationMode;
  /** Ablations per forward pass. @default as many as run in about 60 ms (at most 16 whole windows' worth) */
  readonly batch?: number;
  /**
   * 'prefix' (default): reuse each window's prefix through the model's KV-cache graph where it has one that
   * reproduces the full pass; 'none': recompute whole windows (the method before the cache, kept for comparison).
   */
  readonly cache?: AblationCache;
  /** Score only targets in [from, to) (token positions, BOS = 0), e.g. one token for `--at`. @default all */
  readonly targets?: { readonly from: number; readonly to: number };
  /** Offset of the text in its document, added to every source range. @default 0 */
  readonly offset?: number;
  /**
   * Ablate at most this many tokens before each target, the nearest ones (a token's ablation costs about reach² / 2
   * positions computed). @default the whole window
   */
  readonly reach?: number;
  /** Refuse texts with more tokens than this (ablation costs about one pass per token per window). @default 4096 */
  readonly maxTokens?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number, message: string) => void;
}

/** Ablation dependencies of the scored tokens of a text; arrays indexed by token position. */
export interface AblationDependencies {
  readonly model: string;
  /** How tokens were removed and how the ablated copies were computed, in words. */
  readonly method: string;
  readonly mode: AblationMode;
  /** 'prefix': the ablated copies reused the unablated keys and values (KV cache); 'none': whole windows. */
  readonly cache: AblationCache;
  /** What an effect measures: 'kl' (a local model) or 'surprisal' (a model read through a server). */
  readonly measure: AblationMeasure;
  readonly delta: number;
  readonly k: number;
  readonly window: number;
  /** Most tokens ablated before a target (the window's, unless a smaller reach was asked for). */
  readonly reach: number;
  readonly ids: Int32Array;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  /** [tokens]: number of earlier tokens whose removal moves the prediction of t by more than δ (NaN: not scored). */
  readonly kDelta: Float32Array;
  /** [tokens]: first position ablated for t (positions ablatedFrom..t−1 were tried); −1: not scored. */
  readonly ablatedFrom: Int32Array;
  /** [tokens × k]: positions with the largest effects on t, largest first; −1 pads. */
  readonly topPositions: Int32Array;
  /** [tokens × k]: their effects (KL, nats). */
  readonly topWeights: Float32Array;
  /** Forward passes run. */
  readonly runs: number;
  /** Targets whose window held earlier tokens beyond the reach (left unablated). */
  readonly outOfReach: number;
}

/** Ablation dependencies of `text` (or of the targets in `options.targets`). */
export async function ablationDependencies(
  model: DependencyModel,
  text: string,
  options: AblationDependencyOptions = {},
): Promise<AblationDependencies> {
  return ablationDependenciesOfTokens(model, byteTokens(text, model.bosId, options.offset ?? 0), options);
}

/** As {@link ablationDependencies}, on tokens already encoded (index 0 must be the BOS). */
export async function ablationDependenciesOfTokens(
  model: DependencyModel | ScoredDependencyModel,
  tokens: ByteTokens,
  options: AblationDependencyOptions = {},
): Promise<AblationDependencies> {
  const n = tokens.ids.length;
  const k = options.k ?? 32;
  const delta = options.delta ?? 0.1;
  const from = Math.max(1, options.targets?.from ?? 1);
  const to = Math.min(n, options.targets?.to ?? n);
  if (!Number.isInteger(k) || k < 1) throw new LensError('bad-input', `k must be a positive integer, not ${k}.`);
  if (!(delta >= 0)) throw new LensError('bad-input', `delta must be a non-negative number, not ${delta}.`);
  const reach = Math.min(options.reach ?? model.context, model.context);
  if (!Number.isInteger(reach) || reach < 1)
    throw new LensError('bad-input', `reach must be a positive integer, not ${options.reach}.`);
  if (to - from > (options.maxTokens ?? 4096)) {
    throw new LensError(
      'too-long',
      `Ablation of ${to - from} tokens is more than ${options.maxTokens ?? 4096}: select a smaller part of the ` +
        `file, or pick one token.`,
    );
  }
  const mode = options.mode ?? 'replace';
  if (isScored(model) && mode !== 'replace')
    throw new LensError('bad-input', `${model.name} is read through a server: ablation can only replace tokens.`);
  const plan: CachePlan = isScored(model)
    ? { cache: 'none', how: 'each ablated copy was scored by the server' }
    : await planCache(model, firstWindow(tokens.ids, model.context), mode, options.cache);
  const out: AblationDependencies = {
    model: model.name,
    method: isScored(model) ? scoredMethodText(model.bosId) : `${methodText(mode, model.bosId)}; ${plan.how}`,
    mode,
    cache: plan.cache,
    measure: isScored(model) ? 'surprisal' : 'kl',
    delta,
    k,
    window: model.context,
    reach,
    ...tokens,
    kDelta: new Float32Array(n).fill(NaN),
    ablatedFrom: new Int32Array(n).fill(-1),
    topPositions: new Int32Array(n * k).fill(-1),
    topWeights: new Float32Array(n * k),
    runs: 0,
    outOfReach: 0,
  };
  return { ...out, ...(await scoreWindows(model, plan, out, { from, to }, options)) };
}

/** The tokens of the first window (what the KV-cache graph is checked on). */
function firstWindow(ids: Int32Array, context: number): Int32Array {
  return ids.subarray(0, Math.min(ids.length, context));
}

function methodText(mode: AblationMode, bosId: number): string {
  return mode === 'replace'
    ? `each earlier token replaced in turn by the neutral token ${bosId} (BOS); effect = KL(P_base ‖ P_ablated) ` +
        `of the next-token distribution, nats`
    : 'each earlier token masked in turn (attention_mask = 0; later positions shift back by one); effect = ' +
        'KL(P_base ‖ P_ablated), nats';
}

async function scoreWindows(
  model: DependencyModel | ScoredDependencyModel,
  plan: CachePlan,
  out: AblationDependencies,
  { from, to }: { from: number; to: number },
  options: AblationDependencyOptions,
): Promise<{ runs: number; outOfReach: number }> {
  const windows = planWindows(out.ids.length, model.context).filter((w) => w.end > from && w.scoreFrom < to);
  const sizer = sizerFor(plan, options.batch);
  let runs = 0;
  let outOfReach = 0;
  for (let w = 0; w < windows.length; w++) {
    throwIfCancelled(options.signal);
    const win = windows[w];
    if (win === undefined) continue;
    const last = Math.min(win.end, to);
    const first = Math.max(from, win.scoreFrom);
    const common = {
      mode: out.mode,
      // Targets [first, last) read back at most `reach` tokens: nothing before first − reach is ablated.
      ...(first - out.reach > win.begin ? { jFrom: first - out.reach - win.begin } : {}),
      ...(options.batch !== undefined ? { batch: options.batch } : {}),
      sizer,
      jTo: last - 1 - win.begin,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done: number, total: number) =>
        options.onProgress?.(
          (w + done / Math.max(1, total)) / windows.length,
          `Ablated ${done} of ${total} tokens in window ${w + 1} of ${windows.length}`,
        ),
    };
    // Targets end at `last`: the positions after it change none of their predictions, and are not fed.
    const ids = out.ids.subarray(win.begin, last);
    const fx = isScored(model)
      ? await scoredAblationEffects(model, ids, common)
      : plan.graph !== undefined
        ? await prefixAblationEffects(model, plan.graph, ids, { ...common, tFrom: first - win.begin, reach: out.reach })
        : await ablationEffects(model, ids, common);
    runs += fx.runs;
    keepTargets(out, fx, win, first, last);
    // Positions before `floor` are never ablated (the BOS, or position 0 when masking): no reach leaves them out.
    const floor = out.mode === 'mask' || out.ids[win.begin] === model.bosId ? 1 : 0;
    outOfReach += Math.max(0, last - Math.max(first, win.begin + floor + out.reach + 1));
  }
  throwIfCancelled(options.signal);
  return { runs, outOfReach };
}

/** One batch sizer for every window: in ablations for whole windows, in positions computed for the prefix method. */
function sizerFor(plan: CachePlan, batch: number | undefined): BatchSizer {
  if (batch !== undefined) return BatchSizer.fixed(batch);
  return plan.graph !== undefined ? new BatchSizer(MAX_PREFIX_TOKENS) : new BatchSizer(MAX_BATCH);
}

/** Stores k_δ and the top-k effects of targets [first, last) of one window. */
function keepTargets(
  out: AblationDependencies,
  fx: WindowEffects,
  win: ScoreWindow,
  first: number,
  last: number,
): void {
  const column = new Float64Array(fx.W);
  for (let t = first; t < last; t++) {
    const local = t - win.begin;
    const j0 = Math.max(fx.jFrom, local - out.reach);
    let count = 0;
    for (let j = j0; j < local; j++) {
      const e = fx.effects[j * fx.W + local] ?? 0;
      column[j - j0] = e;
      if (e > out.delta) count++;
    }
    out.kDelta[t] = count;
    out.ablatedFrom[t] = win.begin + j0;
    const top = topK(column.subarray(0, Math.max(0, local - j0)), out.k);
    for (let i = 0; i < top.indices.length; i++) {
      out.topPositions[t * out.k + i] = win.begin + j0 + (top.indices[i] ?? 0);
      out.topWeights[t * out.k + i] = top.weights[i] ?? 0;
    }
  }
}
