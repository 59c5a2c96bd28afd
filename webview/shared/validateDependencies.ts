/**
 * @file Validation of the token-dependencies message. Besides shapes and types it checks the sizes
 * the view relies on (per-token arrays as long as `tokens`, indices inside the text, the dense
 * window exactly `layers·heads·T·T` long) and bounds them, so drawing never reads past an array.
 */
import type { ShowDependenciesNotification } from '../../src/shared/protocol';
import type { AttentionMapStats, DependenciesResult, DependencyView } from '../../src/shared/results';
import { isFiniteNumber, isOffset, isRecord, isSourceSpot, type Rec } from './guards';

/** Most tokens accepted in one result. */
export const MAX_DEPENDENCY_TOKENS = 20_000;

/** Most [index, weight] entries accepted in one sparse map row. */
export const MAX_ROW_ENTRIES = 64;

/** Largest window (tokens per side) of the dense per-head maps. */
export const MAX_WINDOW_TOKENS = 512;

/** Most layers and most heads accepted (bounds `layers·heads·T·T`). */
export const MAX_LAYERS_OR_HEADS = 256;

const isNonNegative = (x: unknown): x is number => isFiniteNumber(x) && x >= 0;
const isShare = (x: unknown): x is number => isNonNegative(x) && x <= 1;

/** True for an array of `n` values that are each null or a non-negative number. */
function isKArray(x: unknown, n: number): boolean {
  return Array.isArray(x) && x.length === n && x.every((v) => v === null || isNonNegative(v));
}

/** True for a token index of the text, or -1 (the start-of-text token). */
function isTokenIndex(x: unknown, n: number): x is number {
  return Number.isSafeInteger(x) && (x as number) >= -1 && (x as number) < n;
}

function isToken(x: unknown): boolean {
  if (!isRecord(x)) return false;
  const { text, start, end } = x;
  return typeof text === 'string' && isOffset(start) && isOffset(end) && end >= start;
}

/** True for whole-text statistics of one attention map. */
export function isAttentionMapStats(x: unknown): x is AttentionMapStats {
  if (!isRecord(x)) return false;
  const { rows, meanK, kHistogram, meanDistance, sinkShare } = x;
  if (!isOffset(rows) || !isNonNegative(meanK) || !isNonNegative(meanDistance) || !isShare(sinkShare)) return false;
  return Array.isArray(kHistogram) && kHistogram.every(isOffset);
}

function isHeadStat(x: unknown, layers: number, heads: number): boolean {
  if (!isAttentionMapStats(x)) return false;
  const { layer, head } = x as unknown as Rec;
  return isOffset(layer) && layer < layers && isOffset(head) && head < heads;
}

function isDependencyView(x: unknown, n: number): x is DependencyView {
  if (!isSourceSpot(x)) return false;
  const { index, weight, text } = x as unknown as Rec;
  return isTokenIndex(index, n) && isFiniteNumber(weight) && typeof text === 'string';
}

function isDependencyList(x: unknown, n: number): boolean {
  return x === undefined || (Array.isArray(x) && x.every((d) => isDependencyView(d, n)));
}

function isAt(x: unknown, n: number): boolean {
  if (x === undefined) return true;
  if (!isRecord(x) || !Number.isSafeInteger(x['index'])) return false;
  const index = x['index'] as number;
  return index >= 0 && index < n && isDependencyList(x['attention'], n) && isDependencyList(x['ablation'], n);
}

function isRowEntry(x: unknown, n: number): boolean {
  return Array.isArray(x) && x.length === 2 && isTokenIndex(x[0], n) && isNonNegative(x[1]);
}

/** True for one sparse row per token, each at most {@link MAX_ROW_ENTRIES} entries. */
function isRows(x: unknown, n: number): boolean {
  if (x === undefined) return true;
  if (!Array.isArray(x) || x.length !== n) return false;
  return x.every((row) => Array.isArray(row) && row.length <= MAX_ROW_ENTRIES && row.every((e) => isRowEntry(e, n)));
}

/** The dense window: `first` may be -1 when it starts at the start-of-text token. */
function isWindowMaps(x: unknown, n: number, layers: number, heads: number): boolean {
  if (x === undefined) return true;
  if (!isRecord(x)) return false;
  const { first, T, data } = x;
  if (!isTokenIndex(first, n) || !isOffset(T) || T > MAX_WINDOW_TOKENS || first + T > n) return false;
  return Array.isArray(data) && data.length === layers * heads * T * T && data.every(isNonNegative);
}

function isAblation(x: unknown): boolean {
  if (x === undefined) return true;
  return isRecord(x) && isNonNegative(x['delta']) && typeof x['method'] === 'string' && isOffset(x['runs']);
}

function isAgreement(x: unknown): boolean {
  if (x === undefined) return true;
  if (!isRecord(x)) return false;
  const { k, tokens, overlap, jaccard, chanceOverlap } = x;
  return isOffset(k) && isOffset(tokens) && [overlap, jaccard, chanceOverlap].every(isNonNegative);
}

function isMethods(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && x.every((m) => m === 'attention' || m === 'ablation');
}

/** Checks the scalar fields and the token list. */
function isHeader(x: Rec): boolean {
  const { model, device, source, aggregate, p, k, window, layers, heads, tokens, kBins } = x;
  if (typeof model !== 'string' || typeof source !== 'string' || typeof aggregate !== 'string') return false;
  if (device !== 'cpu' && device !== 'webgpu' && device !== 'cuda') return false;
  if (!isShare(p) || !isOffset(k) || !isOffset(window) || !isMethods(x['methods'])) return false;
  if (!isOffset(layers) || !isOffset(heads) || layers > MAX_LAYERS_OR_HEADS || heads > MAX_LAYERS_OR_HEADS) return false;
  if (!Array.isArray(kBins) || !kBins.every(isNonNegative)) return false;
  return Array.isArray(tokens) && tokens.length <= MAX_DEPENDENCY_TOKENS && tokens.every(isToken);
}

/** Checks the per-token k arrays and the statistics. */
function isMeasures(x: Rec, n: number, layers: number, heads: number): boolean {
  const { kAttention, kLayers, kAblation, headStats, aggregateStats } = x;
  if (kAttention !== undefined && !isKArray(kAttention, n)) return false;
  if (kAblation !== undefined && !isKArray(kAblation, n)) return false;
  if (kLayers !== undefined && !(Array.isArray(kLayers) && kLayers.length === layers && kLayers.every((l) => isKArray(l, n)))) return false;
  if (headStats !== undefined && !(Array.isArray(headStats) && headStats.every((h) => isHeadStat(h, layers, heads)))) return false;
  if (aggregateStats !== undefined && !isAttentionMapStats(aggregateStats)) return false;
  return isAblation(x['ablation']) && isAgreement(x['agreement']);
}

/** True when `x` is a well-formed {@link DependenciesResult} within the view's size limits. */
export function isDependenciesResult(x: unknown): x is DependenciesResult {
  if (!isRecord(x) || !isHeader(x)) return false;
  const n = (x['tokens'] as readonly unknown[]).length;
  const layers = x['layers'] as number;
  const heads = x['heads'] as number;
  if (!isMeasures(x, n, layers, heads) || !isAt(x['at'], n) || !isRows(x['rows'], n)) return false;
  return isWindowMaps(x['windowMaps'], n, layers, heads);
}

/** True when `x` is a {@link ShowDependenciesNotification} with a valid result. */
export function isShowDependencies(x: Rec): x is Rec & ShowDependenciesNotification {
  return x['type'] === 'showDependencies' && isDependenciesResult(x['result']);
}
