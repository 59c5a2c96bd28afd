/**
 * @file The colour of surprisal: one sequential scale shared by the bars, the token strip and the legend,
 * its top set at the 99th percentile so a few huge values do not wash the rest out.
 */
import { interpolateRgbBasis } from 'd3-interpolate';
import { scaleSequential, type ScaleSequential } from 'd3-scale';
import { rgb } from 'd3-color';
import type { SurprisalToken } from '../../src/shared/surprisal';

/** Colour of a surprisal in bits, clamped to the scale's domain. */
export type SurprisalColour = ScaleSequential<string>;

/** The value at quantile `q` (0..1) of `values`, 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[at] ?? 0;
}

/**
 * ColorBrewer YlOrRd, built as d3-scale-chromatic's `interpolateYlOrRd` is (a basis spline through its nine
 * colours) without bundling that package's every scheme.
 */
const YL_OR_RD = interpolateRgbBasis([
  '#ffffcc',
  '#ffeda0',
  '#fed976',
  '#feb24c',
  '#fd8d3c',
  '#fc4e2a',
  '#e31a1c',
  '#bd0026',
  '#800026',
]);

/** The lightest fifth of YlOrRd is dropped: it vanishes on light backgrounds. */
const interpolate = (t: number): string => YL_OR_RD(0.2 + 0.8 * t);

/** Builds the colour scale for these tokens (domain 0 .. 99th percentile, at least 1 bit). */
export function surprisalColour(tokens: readonly SurprisalToken[]): SurprisalColour {
  const top = Math.max(
    1,
    quantile(
      tokens.map((t) => t.surprisal),
      0.99,
    ),
  );
  return scaleSequential(interpolate).domain([0, top]).clamp(true);
}

/** A translucent version of the scale's colour for text backgrounds: stronger for more surprising tokens. */
export function highlightColour(colour: SurprisalColour, bits: number): string {
  const [, top = 1] = colour.domain();
  const t = Math.min(1, Math.max(0, bits / top));
  const c = rgb(colour(bits));
  c.opacity = 0.08 + 0.55 * t;
  return c.formatRgb();
}

/**
 * The colour of the overview's columns, by their mean surprisal: from the 5th to the 95th percentile of the
 * means, so stretches that stand out from the rest of the file show red although every mean is near the file's.
 */
export function bucketColour(means: readonly number[]): SurprisalColour {
  const lo = quantile(means, 0.05);
  const hi = Math.max(lo + 0.01, quantile(means, 0.95));
  return scaleSequential(interpolate).domain([lo, hi]).clamp(true);
}
