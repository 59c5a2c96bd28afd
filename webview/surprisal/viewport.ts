/**
 * @file Which tokens the detail chart shows: a window `[from, to)` of the file that fits the panel
 * (every bar at least 2 px wide), moved and zoomed by the overview and the chart's buttons, and the
 * overview's buckets (one column per few tokens). Pure arithmetic, no DOM.
 */

/** A stretch of tokens, `from` included, `to` excluded. */
export interface TokenWindow {
  readonly from: number;
  readonly to: number;
}

/** Fewest tokens the chart zooms in to. */
export const MIN_WINDOW = 8;

/** Most tokens a chart `innerWidth` px wide shows with bars at least `minBar` px wide. */
export function maxWindow(innerWidth: number, minBar = 2): number {
  return Math.max(1, Math.floor(innerWidth / minBar));
}

/** `w` made valid for `n` tokens: at most `max` and at least {@link MIN_WINDOW} wide, inside `[0, n)`. */
export function clampWindow(w: TokenWindow, n: number, max: number): TokenWindow {
  const size = Math.min(n, Math.max(Math.min(MIN_WINDOW, max), Math.min(max, Math.round(w.to - w.from))));
  const from = Math.min(Math.max(0, Math.round(w.from)), n - size);
  return { from: Math.max(0, from), to: Math.max(0, from) + size };
}

/** `w` zoomed by `factor` (above 1 shows more tokens) around token `anchor`, which keeps its place. */
export function zoomWindow(w: TokenWindow, factor: number, anchor: number, n: number, max: number): TokenWindow {
  const size = (w.to - w.from) * factor;
  const share = w.to > w.from ? (anchor - w.from) / (w.to - w.from) : 0.5;
  const from = anchor - share * size;
  return clampWindow({ from, to: from + size }, n, max);
}

/** `w` moved by `delta` tokens. */
export function panWindow(w: TokenWindow, delta: number, n: number, max: number): TokenWindow {
  return clampWindow({ from: w.from + delta, to: w.to + delta }, n, max);
}

/** A window of the same size as `w` centred on token `centre`. */
export function centreWindow(w: TokenWindow, centre: number, n: number, max: number): TokenWindow {
  const half = (w.to - w.from) / 2;
  return clampWindow({ from: centre - half, to: centre + half }, n, max);
}

/** One column of the overview: tokens `[from, to)` and their mean and largest surprisal. */
export interface Bucket extends TokenWindow {
  readonly mean: number;
  readonly max: number;
}

/** `values` cut into at most `count` buckets of equal size (the last one may be shorter). */
export function buckets(values: readonly number[], count: number): Bucket[] {
  const size = Math.max(1, Math.ceil(values.length / Math.max(1, count)));
  const out: Bucket[] = [];
  for (let from = 0; from < values.length; from += size) {
    const to = Math.min(values.length, from + size);
    let sum = 0;
    let max = 0;
    for (let i = from; i < to; i++) {
      const x = values[i] ?? 0;
      sum += x;
      max = Math.max(max, x);
    }
    out.push({ from, to, mean: sum / (to - from), max });
  }
  return out;
}
