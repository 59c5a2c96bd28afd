/**
 * @file The scaling charts' encodings, free of the DOM (unit-tested): dataset colours, marker sizes by model size,
 * and label positions.
 */

/** Colours of datasets by order (readable on light and dark themes). */
export const DATASET_COLOURS = ['#3a86ff', '#e8710a', '#2da44e', '#8250df', '#cf222e', '#1b9e77'] as const;

/** The colour of the `i`-th dataset. */
export function colourOf(i: number): string {
  return DATASET_COLOURS[((i % DATASET_COLOURS.length) + DATASET_COLOURS.length) % DATASET_COLOURS.length] ?? '#888';
}

/** Marker radius for model size N between the smallest and largest sizes (3 to 8 px, by log N). */
export function radiusOf(N: number | undefined, lo: number, hi: number): number {
  if (N === undefined || !(hi > lo)) return 5;
  return 3 + (5 * (Math.log(N) - Math.log(lo))) / (Math.log(hi) - Math.log(lo));
}

/**
 * Label positions as near `ys` as possible with at least `gap` px between neighbours (in the same order as `ys`):
 * labels sorted by y, each pushed below the one above it, then the stack shifted up so its middle stays put.
 */
export function spreadLabels(ys: readonly number[], gap: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed: number[] = [];
  for (const [k, o] of order.entries()) placed.push(k === 0 ? o.y : Math.max(o.y, (placed[k - 1] ?? o.y) + gap));
  const shift = (placed.reduce((s, y) => s + y, 0) - order.reduce((s, o) => s + o.y, 0)) / Math.max(1, order.length);
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => (out[o.i] = (placed[k] ?? o.y) - shift));
  return out;
}
