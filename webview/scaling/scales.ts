/**
 * @file The scaling charts' encodings, free of the DOM (unit-tested): dataset colours, marker sizes by model size,
 * and the labels of decade ticks on log axes.
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

/** 10^k as "1e12" (k beyond ±2) or plainly ("100", "0.01"). */
export function decadeLabel(k: number): string {
  return Math.abs(k) > 2 ? `1e${k}` : String(10 ** k);
}
