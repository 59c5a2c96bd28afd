/**
 * @file Attention-based token dependencies over a whole text. The text is run in overlapping
 * windows (BOS + bytes, window = context, stride half), and for every token t the prediction of
 * t (made at position t−1, which sees tokens 0..t−1) gets: k_p of each layer's head-mean row, the
 * mean over heads of the heads' k_p, k_p of the aggregated map (rollout by default), and the
 * top-k positions of the aggregated row. Only these sparse rows and per-token numbers outlive a
 * window, so memory grows as tokens × k, never tokens². Per-head statistics cover the whole text.
 */
import { throwIfCancelled, LensError } from '../../errors';
import { nextTurn } from '../../model/pacing';
import { planWindows, type ScoreWindow } from '../surprisal/planWindows';
import { attentionRollout, headMean, ROLLOUT_METHOD } from './attentionRollout';
import { attentionWindow, type WindowAttention } from './attentionWindow';
import { byteTokens, type ByteTokens } from './byteTokens';
import type { DependencyModel } from './dependencyModel';
import type { AttentionDependencies, DependencyStats } from './dependencyTypes';
import {
  headAverage,
  kBinBounds,
  kBinCount,
  mapStatsAdd,
  mapStatsCreate,
  mapStatsFinish,
  type MapRows,
  type MapStatsAccumulator,
} from './headStats';
import { topK } from './kMass';

/** Options of {@link attentionDependencies}. */
export interface AttentionDependencyOptions {
  /** Share of attention mass that k_p covers. @default 0.9 */
  readonly p?: number;
  /** Dependencies kept per token. @default 32 */
  readonly k?: number;
  /** The aggregated map: attention rollout, or the plain mean over layers and heads. @default 'rollout' */
  readonly aggregate?: 'rollout' | 'mean';
  /** Offset of the text in its document, added to every source range. @default 0 */
  readonly offset?: number;
  /** Refuse texts with more tokens than this. @default 16384 */
  readonly maxTokens?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number, message: string) => void;
}

/** The method named in results that use the plain mean. */
const MEAN_METHOD = 'mean of the attention probabilities over all layers and heads';

interface Collector {
  readonly out: AttentionDependencies;
  readonly headAcc: MapStatsAccumulator[];
  readonly layerAcc: MapStatsAccumulator[];
  readonly aggAcc: MapStatsAccumulator;
}

/** Attention dependencies of every byte of `text`; see {@link AttentionDependencies}. */
export async function attentionDependencies(
  model: DependencyModel,
  text: string,
  options: AttentionDependencyOptions = {},
): Promise<AttentionDependencies> {
  const tokens = byteTokens(text, model.bosId, options.offset ?? 0);
  const maxTokens = options.maxTokens ?? 16384;
  if (tokens.ids.length - 1 > maxTokens) {
    throw new LensError(
      'too-long',
      `The text has ${tokens.ids.length - 1} tokens, more than modelLens.maxTokens (${maxTokens}). Select a part ` +
        `of the file, or raise the setting.`,
    );
  }
  return attentionDependenciesOfTokens(model, tokens, options);
}

/** As {@link attentionDependencies}, on tokens already encoded (index 0 must be the BOS). */
export async function attentionDependenciesOfTokens(
  model: DependencyModel,
  tokens: ByteTokens,
  options: AttentionDependencyOptions = {},
): Promise<AttentionDependencies> {
  const windows = planWindows(tokens.ids.length, model.context);
  let c: Collector | undefined;
  for (let w = 0; w < windows.length; w++) {
    if (w > 0) await nextTurn();
    throwIfCancelled(options.signal);
    const win = windows[w];
    if (win === undefined) continue;
    const att = await attentionWindow(model, tokens.ids.subarray(win.begin, win.end));
    throwIfCancelled(options.signal);
    c ??= createCollector(model, tokens, att, options);
    collectWindow(c, att, win);
    options.onProgress?.((w + 1) / windows.length, `Read attention of ${w + 1} of ${windows.length} windows`);
  }
  throwIfCancelled(options.signal);
  if (c === undefined)
    throw new LensError('empty-input', 'There is nothing to analyse: the text has no tokens after the BOS.');
  return finish(c);
}

function createCollector(
  model: DependencyModel,
  tokens: ByteTokens,
  att: WindowAttention,
  options: AttentionDependencyOptions,
): Collector {
  const n = tokens.ids.length;
  const L = att.layers.length;
  const k = options.k ?? 32;
  const p = options.p ?? 0.9;
  if (!Number.isInteger(k) || k < 1) throw new LensError('bad-input', `k must be a positive integer, not ${k}.`);
  if (!(p > 0 && p <= 1)) throw new LensError('bad-input', `p must be in (0, 1], not ${p}.`);
  const bins = kBinCount(model.context);
  const aggregate = options.aggregate ?? 'rollout';
  const emptyStats: DependencyStats = {
    kBins: kBinBounds(bins),
    heads: [],
    layers: [],
    aggregate: mapStatsFinish(mapStatsCreate(bins)),
  };
  const out: AttentionDependencies = {
    model: model.name,
    aggregate,
    method: aggregate === 'rollout' ? ROLLOUT_METHOD : MEAN_METHOD,
    p,
    k,
    window: model.context,
    layers: L,
    heads: att.heads,
    ...tokens,
    kLayer: new Float32Array(L * n).fill(NaN),
    kHeads: new Float32Array(L * n).fill(NaN),
    kAggregate: new Float32Array(n).fill(NaN),
    topPositions: new Int32Array(n * k).fill(-1),
    topWeights: new Float32Array(n * k),
    stats: emptyStats,
  };
  const acc = (count: number): MapStatsAccumulator[] => Array.from({ length: count }, () => mapStatsCreate(bins));
  return { out, headAcc: acc(L * att.heads), layerAcc: acc(L), aggAcc: mapStatsCreate(bins) };
}

/** Adds the query rows whose predictions this window scores (targets scoreFrom..end−1). */
function collectWindow(c: Collector, att: WindowAttention, win: ScoreWindow): void {
  const { T, heads } = att;
  const { out } = c;
  const n = out.ids.length;
  const rows = (data: Float32Array | Float64Array, offset = 0): MapRows => ({
    data,
    offset,
    T,
    qFrom: win.scoreFrom - 1 - win.begin,
    qTo: win.end - 1 - win.begin,
  });
  const count = win.end - win.scoreFrom;
  const headK = new Float32Array(count);
  const means = att.layers.map((layer, l) => {
    for (let h = 0; h < heads; h++) {
      mapStatsAdd(c.headAcc[l * heads + h] ?? mapStatsCreate(1), rows(layer, h * T * T), out.p, headK);
      for (let i = 0; i < count; i++) {
        const at = l * n + win.scoreFrom + i;
        out.kHeads[at] = (h === 0 ? 0 : (out.kHeads[at] ?? 0)) + (headK[i] ?? 0) / heads;
      }
    }
    const mean = headMean(layer, heads, T);
    mapStatsAdd(c.layerAcc[l] ?? mapStatsCreate(1), rows(mean), out.p, out.kLayer, l * n + win.scoreFrom);
    return mean;
  });
  const agg = out.aggregate === 'rollout' ? attentionRollout(means, T) : layerAverage(means, T);
  mapStatsAdd(c.aggAcc, rows(agg), out.p, out.kAggregate, win.scoreFrom);
  keepTopRows(out, agg, win, T);
}

/** Stores the top-k of the aggregated row of each scored target, as global positions. */
function keepTopRows(out: AttentionDependencies, agg: Float64Array, win: ScoreWindow, T: number): void {
  for (let t = win.scoreFrom; t < win.end; t++) {
    const q = t - 1 - win.begin;
    const top = topK(agg.subarray(q * T, q * T + q + 1), out.k);
    for (let i = 0; i < top.indices.length; i++) {
      out.topPositions[t * out.k + i] = win.begin + (top.indices[i] ?? 0);
      out.topWeights[t * out.k + i] = top.weights[i] ?? 0;
    }
  }
}

/** The mean of several [T×T] maps. */
function layerAverage(maps: readonly Float64Array[], T: number): Float64Array {
  const out = new Float64Array(T * T);
  for (const m of maps) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (m[i] ?? 0) / maps.length;
  return out;
}

function finish(c: Collector): AttentionDependencies {
  const { out } = c;
  const heads = c.headAcc.map((acc, i) => ({
    layer: Math.floor(i / out.heads),
    head: i % out.heads,
    ...mapStatsFinish(acc),
  }));
  const layers = c.layerAcc.map((acc, l) => ({
    layer: l,
    headMeanMap: mapStatsFinish(acc),
    headAverage: headAverage(heads.filter((h) => h.layer === l)),
  }));
  const stats: DependencyStats = { kBins: out.stats.kBins, heads, layers, aggregate: mapStatsFinish(c.aggAcc) };
  return { ...out, stats };
}
