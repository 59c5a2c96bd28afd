/**
 * @file What the BertViz-style attention lines show, without the DOM: the run of tokens (a span
 * of the dense window the result carries) and one line per attending token, attended token and
 * head, weighted by attention averaged over the chosen layers.
 */
import type { DependenciesResult } from '../../src/shared/dependencies';

/** Most tokens shown in each column at once. */
export const MAX_SPAN = 40;
/** Lines lighter than this are not drawn. */
export const MIN_WEIGHT = 0.02;

/** A run of tokens `[from, to)` (result indices; -1 is the start-of-text token) inside the window. */
export interface LineSpan {
  readonly from: number;
  readonly to: number;
}

/** One line: token `query` (left) attends to token `key` (right) with `weight`, in head `head`. */
export interface AttnLine {
  readonly query: number;
  readonly key: number;
  readonly head: number;
  readonly weight: number;
}

/** Layer and head shown: one layer or the mean of all; one head or every head in its own colour. */
export interface LinesFilter {
  readonly layer: number | 'all';
  readonly head: number | 'all';
}

/** The window's token range `[first, first + T)`, or undefined when the result has no dense maps. */
export function windowRange(r: DependenciesResult): LineSpan | undefined {
  const w = r.windowMaps;
  if (!w || w.T === 0 || r.layers === 0 || r.heads === 0) return undefined;
  return { from: w.first, to: w.first + w.T };
}

/**
 * The span first shown: the whole window when it has at most `max` tokens, else the `max` tokens
 * that end a little after the token at the cursor (`r.at`), whose attention is most asked about.
 */
export function defaultSpan(r: DependenciesResult, max = MAX_SPAN): LineSpan | undefined {
  const w = windowRange(r);
  if (!w) return undefined;
  if (w.to - w.from <= max) return w;
  const at = r.at?.index ?? w.to - 1;
  const end = Math.min(w.to, Math.max(w.from + max, at + 1 + Math.floor(max / 5)));
  return { from: end - max, to: end };
}

/** `span` moved by `by` tokens, kept inside the window (same length). */
export function shiftSpan(r: DependenciesResult, span: LineSpan, by: number): LineSpan {
  const w = windowRange(r) ?? span;
  const len = span.to - span.from;
  const from = Math.max(w.from, Math.min(w.to - len, span.from + by));
  return { from, to: from + len };
}

/** Attention of head `head` from `query` to `key` (window-relative rows), averaged over `layers`. */
function weightOf(r: DependenciesResult, layers: readonly number[], head: number, q: number, k: number): number {
  const w = r.windowMaps;
  if (!w) return 0;
  let sum = 0;
  for (const l of layers) sum += w.data[((l * r.heads + head) * w.T + q) * w.T + k] ?? 0;
  return sum / Math.max(1, layers.length);
}

/**
 * The lines of `span` under `filter`: for every attending token in the span and every earlier (or
 * same) token in the span, one line per head shown, when its weight is at least `min`.
 */
export function attentionLines(
  r: DependenciesResult,
  span: LineSpan,
  filter: LinesFilter,
  min = MIN_WEIGHT,
): AttnLine[] {
  const w = r.windowMaps;
  if (!w) return [];
  const layers = filter.layer === 'all' ? Array.from({ length: r.layers }, (_, l) => l) : [filter.layer];
  const heads = filter.head === 'all' ? Array.from({ length: r.heads }, (_, h) => h) : [filter.head];
  const lines: AttnLine[] = [];
  for (let query = span.from; query < span.to; query++) {
    for (let key = span.from; key <= query; key++) {
      for (const head of heads) {
        const weight = weightOf(r, layers, head, query - w.first, key - w.first);
        if (weight >= min) lines.push({ query, key, head, weight });
      }
    }
  }
  return lines;
}

/** Share of the attention of `query` (under `filter`, mean over the heads shown) on keys before `span`. */
export function hiddenShare(r: DependenciesResult, span: LineSpan, filter: LinesFilter, query: number): number {
  const w = r.windowMaps;
  if (!w) return 0;
  const layers = filter.layer === 'all' ? Array.from({ length: r.layers }, (_, l) => l) : [filter.layer];
  const heads = filter.head === 'all' ? Array.from({ length: r.heads }, (_, h) => h) : [filter.head];
  let sum = 0;
  for (const head of heads)
    for (let key = w.first; key < span.from; key++) sum += weightOf(r, layers, head, query - w.first, key - w.first);
  return sum / Math.max(1, heads.length);
}

/** Opacity of a line of attention `weight`: its square root, so that weights of 0.05 still show (0.22). */
export function lineOpacity(weight: number): number {
  return Math.sqrt(Math.max(0, Math.min(1, weight)));
}
