/**
 * @file The effect of removing each earlier token on every prediction of one window, measured as
 * the KL divergence KL(P_base ‖ P_ablated) of the next-token distributions (nats).
 *
 * How a token is removed (`mode`):
 * - `replace` (default): token j is replaced by a neutral token (the BOS/`<|endoftext|>` id 256
 *   for lens-lm). Positions stay the same, and every path from j (attention, and lens-lm's
 *   previous-token smear into j+1) sees the neutral token instead. It needs only `input_ids`.
 * - `mask`: attention_mask[j] = 0. lens-lm computes positions as cumsum(mask)−1, so the tokens
 *   after j move back one position: with rotary positions this is j deleted as far as attention
 *   is concerned, but lens-lm's smear still carries token j's embedding into position j+1, so for
 *   lens-lm the removal is incomplete; and position 0 is never masked (its query would have no
 *   key and attend uniformly to the future).
 *
 * All W predictions are scored from the same pass, and `batch` ablations run per `session.run`
 * (by default as many as run in about 60 ms, so a cancel waits at most one short pass), so a
 * window costs about W / batch runs (plus one for the unablated baseline).
 */

import { LensError, throwIfCancelled } from '../../errors';
import { graphFeeds } from '../../model/graphFeeds';
import { BatchSizer, nextTurn } from '../../model/pacing';
import { baselineOf, scoreRows, type LogitRows } from './ablationScore';
import type { DependencyModel } from './dependencyModel';

/** Most ablations per forward pass when the caller sets no batch size. */
export const MAX_BATCH = 16;

/** How a token is removed; see the file comment. */
export type AblationMode = 'replace' | 'mask';

/** Options of {@link ablationEffects}. */
export interface AblationEffectOptions {
  /** How a token is removed. @default 'replace' */
  readonly mode?: AblationMode;
  /** Token substituted in `replace` mode. @default the model's BOS id */
  readonly neutralId?: number;
  /** Ablations per forward pass. @default as many as run in about 60 ms, at most 16 */
  readonly batch?: number;
  /** Sizes the batches from their measured time; pass one across windows to keep what it learned. */
  readonly sizer?: BatchSizer;
  /** Ablate positions [jFrom, jTo) of the window. @default 1 for `mask` or a BOS at 0, else 0; W */
  readonly jFrom?: number;
  readonly jTo?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Effects of one window: `effects[j * W + t]` is the KL at the prediction of token t (logits row t−1) when j is
 * removed; t = 0 and rows not ablated are 0.
 */
export interface WindowEffects {
  readonly W: number;
  readonly effects: Float32Array;
  /** Positions ablated: [jFrom, jTo). */
  readonly jFrom: number;
  readonly jTo: number;
  readonly mode: AblationMode;
  /** Forward passes run (the baseline included). */
  readonly runs: number;
}

/**
 * The window size, the removal mode and the positions [jFrom, jTo) to ablate, with the options both ablation methods
 * share checked: a window of 2 to the model's context, a positive integer batch; position 0 is never masked, nor
 * the BOS replaced.
 */
export function ablationRange(
  model: DependencyModel,
  ids: ArrayLike<number>,
  options: Pick<AblationEffectOptions, 'mode' | 'batch' | 'jFrom' | 'jTo'>,
): { W: number; mode: AblationMode; jFrom: number; jTo: number } {
  const W = ids.length;
  const mode = options.mode ?? 'replace';
  if (W < 2 || W > model.context)
    throw new LensError('bad-input', `A window holds 2 to ${model.context} tokens, not ${W}.`);
  if (options.batch !== undefined && (!Number.isInteger(options.batch) || options.batch < 1))
    throw new LensError('bad-input', `batch must be a positive integer, not ${options.batch}.`);
  const jFrom = Math.max(options.jFrom ?? (mode === 'mask' || ids[0] === model.bosId ? 1 : 0), mode === 'mask' ? 1 : 0);
  return { W, mode, jFrom, jTo: Math.min(options.jTo ?? W, W) };
}

/** Removes each token of `ids` (one window, BOS first) in turn and scores every later prediction. */
export async function ablationEffects(
  model: DependencyModel,
  ids: ArrayLike<number>,
  options: AblationEffectOptions = {},
): Promise<WindowEffects> {
  const { W, mode, jFrom, jTo } = ablationRange(model, ids, options);
  const batch = options.batch ?? MAX_BATCH;
  const base = baselineOf(await runRows(model, ids, [-1], mode, options.neutralId ?? model.bosId), W);
  const effects = new Float32Array(W * W);
  let runs = 1;
  const sizer = options.sizer ?? (options.batch === undefined ? new BatchSizer(MAX_BATCH) : BatchSizer.fixed(batch));
  for (let j0 = jFrom; j0 < jTo;) {
    await nextTurn();
    throwIfCancelled(options.signal);
    const t0 = performance.now();
    const js = Array.from({ length: Math.min(sizer.next, jTo - j0) }, (_, i) => j0 + i);
    const logits = await runRows(model, ids, js, mode, options.neutralId ?? model.bosId);
    js.forEach((j, b) => scoreRows(base, logits, b * W * logits.vocab, 0, W - 1, effects.subarray(j * W, (j + 1) * W)));
    sizer.record(js.length, performance.now() - t0);
    runs++;
    j0 += js.length;
    options.onProgress?.(j0 - jFrom, jTo - jFrom);
  }
  return { W, effects, jFrom, jTo, mode, runs };
}

/** Logits [js.length, W, V] of copies of `ids`, copy b with token js[b] removed (−1: none). */
export async function runRows(
  model: DependencyModel,
  ids: ArrayLike<number>,
  js: readonly number[],
  mode: AblationMode,
  neutralId: number,
): Promise<LogitRows> {
  const W = ids.length;
  const B = js.length;
  const input = new BigInt64Array(B * W);
  const mask = new BigInt64Array(B * W).fill(1n);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < W; t++) input[b * W + t] = BigInt(ids[t] ?? 0);
    const j = js[b] ?? -1;
    if (j < 0) continue;
    if (mode === 'replace') input[b * W + j] = BigInt(neutralId);
    else mask[b * W + j] = 0n;
  }
  const out = await model.session.run(graphFeeds(model.session, input, mask, B, W), ['logits']);
  const logits = out['logits'];
  if (logits === undefined || logits.dims.length !== 3)
    throw new LensError('missing-output', 'The model returned no logits [B, T, V].');
  return { data: logits.data as Float32Array, vocab: logits.dims[2] ?? 0 };
}
