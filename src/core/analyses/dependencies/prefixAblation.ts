/**
 * @file Ablation that reuses the prefix: removing token j changes nothing before j, so the unablated window is run
 * once through the model's KV-cache graph, and each ablated copy feeds the keys and values of the positions before
 * its batch as the past and computes only the positions from there on. A batch ablates j0..j0+b−1: all its copies
 * share the past of positions < j0, and copy j recomputes j0..j−1 (unchanged) beside j..W−2. Results equal
 * {@link ablationEffects}' (the same removal, the same KL), at about half the work of recomputing whole windows.
 *
 * Both modes go through the cache exactly: `replace` feeds the neutral token at j; `mask` sets attention_mask[j] = 0
 * over past and new positions and position_ids = cumsum(mask) − 1, as the full pass computes them.
 */
import * as ort from 'onnxruntime-node';
import { LensError, throwIfCancelled } from '../../errors';
import { BatchSizer, nextTurn } from '../../model/pacing';
import { ablationRange, type AblationEffectOptions, type AblationMode, type WindowEffects } from './ablationEffects';
import { baselineOf, scoreRows, type LogitRows } from './ablationScore';
import type { DependencyModel } from './dependencyModel';
import { pastFeeds, type PrefixCache, type PrefixGraph } from './prefixGraph';

/** Most token positions one batch computes when the caller sets no batch size (16 whole windows of 256). */
export const MAX_PREFIX_TOKENS = 4096;

/** Options of {@link prefixAblationEffects}: those of {@link ablationEffects}, plus the first target scored. */
export interface PrefixAblationOptions extends Omit<AblationEffectOptions, 'sizer'> {
  /** Score targets from this position of the window on (logits rows before it are not read). @default 1 */
  readonly tFrom?: number;
  /** Sizes the batches in token positions computed; pass one across windows to keep what it learned. */
  readonly sizer?: BatchSizer;
  /**
   * Score target t for removals of j only where t − j ≤ reach: copy j computes positions up to j + reach only (the
   * other effects stay 0). @default the whole window
   */
  readonly reach?: number;
}

/** What one ablated batch feeds: copies of positions [P, W) with token js[i] removed from copy i. */
interface Batch {
  readonly P: number;
  readonly js: readonly number[];
}

/** As {@link ablationEffects}, through the KV-cache graph `graph` (see the file comment). */
export async function prefixAblationEffects(
  model: DependencyModel,
  graph: PrefixGraph,
  ids: ArrayLike<number>,
  options: PrefixAblationOptions = {},
): Promise<WindowEffects> {
  const { W, mode, jFrom, jTo } = ablationRange(model, ids, options);
  const rowFrom = Math.max(0, (options.tFrom ?? 1) - 1);
  const neutral = options.neutralId ?? model.bosId;
  // The last position predicts a token outside the window: positions [0, L) are all any scored prediction reads.
  const L = W - 1;
  const fed = Array.from({ length: L }, (_, i) => ids[i] ?? 0);
  const first = await runPrefix(graph, fed, { P: 0, js: [-1] }, mode, neutral, undefined);
  const base = baselineOf(first.logits, L);
  const effects = new Float32Array(W * W);
  let runs = 1;
  const sizer = options.sizer ?? new BatchSizer(MAX_PREFIX_TOKENS);
  const reach = options.reach ?? W;
  // Removing the last token changes no prediction of the window: its effects stay 0.
  const jEnd = Math.min(jTo, L);
  for (let j0 = jFrom; j0 < jEnd;) {
    await nextTurn();
    throwIfCancelled(options.signal);
    const t0 = performance.now();
    const b = Math.min(options.batch ?? batchFor(sizer, Math.min(L - j0, reach), W), jEnd - j0);
    // Row r predicts token r + 1: copy j needs rows j..j + reach − 1 at most.
    const end = Math.min(L, j0 + b - 1 + reach);
    const T = end - j0;
    const js = Array.from({ length: b }, (_, i) => j0 + i);
    const { logits } = await runPrefix(graph, fed.slice(0, end), { P: j0, js }, mode, neutral, first.cache);
    js.forEach((j, i) => {
      const r0 = Math.max(j, rowFrom);
      const r1 = Math.min(end, j + reach);
      if (r0 < r1) scoreRows(base, logits, (i * T + r0 - j0) * logits.vocab, r0, r1, effects.subarray(j * W));
    });
    sizer.record(b * T, performance.now() - t0);
    runs++;
    j0 += b;
    options.onProgress?.((j0 < jEnd ? j0 : jTo) - jFrom, jTo - jFrom);
  }
  return { W, effects, jFrom, jTo, mode, runs };
}

/**
 * Ablations in the next batch when the caller set none: as many copies of T positions as the sizer's budget holds,
 * but never fewer positions than one whole window (today's smallest pass, so a cancel waits no longer than it did:
 * passes of few positions cost mostly their fixed overhead), and at most T / 8 copies, since copy j0 + i recomputes
 * i unchanged positions (this keeps that waste under 1/16), except near the window's end, where up to one window of
 * positions (W / T copies) still makes one pass: there a pass's fixed cost outweighs the waste (measured on
 * lens-lm, 512 tokens: 13.3 s with the T / 8 cap alone, 11.9–13.1 s with this, in 255–274 passes, not 348–354).
 */
function batchFor(sizer: BatchSizer, T: number, W: number): number {
  const cap = Math.max(Math.floor(T / 8), Math.floor(W / T));
  return Math.max(1, Math.min(Math.floor(Math.max(sizer.next, W) / T), cap));
}

/** Logits [js.length, W − P, V] of the copies of `batch` (and, when P = 0, the cache of the first copy). */
export async function runPrefix(
  graph: PrefixGraph,
  ids: ArrayLike<number>,
  batch: Batch,
  mode: AblationMode,
  neutralId: number,
  cache: PrefixCache | undefined,
): Promise<{ logits: LogitRows; cache: PrefixCache }> {
  const W = ids.length;
  const { P, js } = batch;
  const B = js.length;
  const T = W - P;
  const input = new BigInt64Array(B * T);
  const mask = new BigInt64Array(B * W).fill(1n);
  const pos = new BigInt64Array(B * T);
  for (let b = 0; b < B; b++) {
    const j = js[b] ?? -1;
    for (let t = 0; t < T; t++) input[b * T + t] = BigInt(ids[P + t] ?? 0);
    if (j >= 0 && mode === 'replace') input[b * T + j - P] = BigInt(neutralId);
    if (j >= 0 && mode === 'mask') mask[b * W + j] = 0n;
    // cumsum(mask) − 1 at positions P.., clamped at 0 (positions before j are unmasked: their sum is P).
    for (let t = 0; t < T; t++) {
      const p = P + t;
      pos[b * T + t] = BigInt(Math.max(0, mode === 'mask' && j >= 0 && p >= j ? p - 1 : p));
    }
  }
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', input, [B, T]),
    ...pastFeeds(graph, cache, P, B),
  };
  if (graph.mask) feeds['attention_mask'] = new ort.Tensor('int64', mask, [B, W]);
  if (graph.positions) feeds['position_ids'] = new ort.Tensor('int64', pos, [B, T]);
  const fetch = ['logits', ...(cache === undefined ? graph.slots.map((s) => s.present) : [])];
  const out = await graph.session.run(feeds, fetch);
  const logits = out['logits'];
  if (logits === undefined || logits.dims.length !== 3 || logits.dims[1] !== T)
    throw new LensError('missing-output', `The KV-cache graph returned no logits [B, ${T}, V].`);
  const tensors = cache?.tensors ?? graph.slots.map((s) => presentOf(out[s.present], W));
  return { logits: { data: logits.data as Float32Array, vocab: logits.dims[2] ?? 0 }, cache: { length: W, tensors } };
}

/** The data of a present tensor [1, heads, W, width]; throws when its sequence axis is not W long. */
function presentOf(tensor: ort.Tensor | undefined, W: number): Float32Array {
  if (tensor === undefined || tensor.dims.length !== 4 || tensor.dims[2] !== W)
    throw new LensError('missing-output', `The KV-cache graph returned no present tensor [B, H, ${W}, d].`);
  return tensor.data as Float32Array;
}
