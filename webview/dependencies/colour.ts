/**
 * @file Colours of the dependencies view. The map uses a 256-entry lookup table (one RGBA per
 * level, so painting a cell is a table read); the head grid a sequential d3 scale.
 */
import { color, rgb, type RGBColor } from 'd3-color';
import { interpolateRgb, interpolateRgbBasis } from 'd3-interpolate';
import { scaleSequential, type ScaleSequential } from 'd3-scale';

/**
 * Inferno and viridis (matplotlib's, as in d3-scale-chromatic) as splines through eleven samples,
 * without bundling that package's every scheme.
 */
const interpolateInferno = interpolateRgbBasis([
  '#000004',
  '#160b39',
  '#420a68',
  '#6a176e',
  '#932667',
  '#bc3754',
  '#dd513a',
  '#f37819',
  '#fca50a',
  '#f6d746',
  '#fcffa4',
]);
const interpolateViridis = interpolateRgbBasis([
  '#440154',
  '#482475',
  '#414487',
  '#355f8d',
  '#2a788e',
  '#21918c',
  '#22a884',
  '#44bf70',
  '#7ad151',
  '#bddf26',
  '#fde725',
]);

/** Map colours by level 0..255: `rgba` packs RGBA bytes, `css` holds the same colour for `fillStyle`. */
export interface MapPalette {
  readonly rgba: Uint8ClampedArray;
  readonly css: readonly string[];
  /** The background the levels fade from, as RGB bytes. */
  readonly background: readonly [number, number, number];
}

/** Levels of the map palette. */
export const LEVELS = 256;

/** A CSS colour as RGB; white when it does not parse (or is transparent). */
function toRgb(css: string): RGBColor {
  const c = color(css);
  return c && c.opacity > 0 ? rgb(c) : rgb(255, 255, 255);
}

/** True when a CSS colour is dark (relative luminance below one half). */
function isDark(css: string): boolean {
  const c = toRgb(css);
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b < 128;
}

/**
 * Builds the map palette for a page background: inferno running away from the background (dark to
 * light on dark themes, light to dark on light ones), faded into the background at the weakest levels.
 */
export function mapPalette(backgroundCss: string): MapPalette {
  const bg = toRgb(backgroundCss);
  const dark = isDark(backgroundCss);
  const rgba = new Uint8ClampedArray(LEVELS * 4);
  const css: string[] = [];
  for (let i = 0; i < LEVELS; i++) {
    const t = i / (LEVELS - 1);
    const ink = interpolateInferno(dark ? 0.4 + 0.6 * t : 0.82 - 0.78 * t);
    const c = rgb(interpolateRgb(bg.formatRgb(), ink)(Math.min(1, (dark ? 0.5 : 0.3) + 2 * t)));
    rgba.set([c.r, c.g, c.b, 255], i * 4);
    css.push(c.formatRgb());
  }
  return { rgba, css, background: [bg.r, bg.g, bg.b] };
}

/** The level (0..255) of an attention weight in [0, 1]: square-root scaled, so small weights still show. */
export function weightLevel(weight: number): number {
  const t = Math.sqrt(Math.max(0, Math.min(1, weight)));
  return Math.round(t * (LEVELS - 1));
}

/** Colour of a head statistic, from the smallest to the largest value over the heads. */
export type GridColour = ScaleSequential<string>;

/** A viridis scale over `values` (a flat domain is widened so every cell still gets a colour). */
export function gridColour(values: readonly number[]): GridColour {
  const lo = values.length > 0 ? Math.min(...values) : 0;
  const hi = values.length > 0 ? Math.max(...values) : 1;
  return scaleSequential(interpolateViridis).domain([lo, hi > lo ? hi : lo + 1]);
}
