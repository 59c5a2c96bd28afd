/**
 * @file The horizontal colour gradient a chart's colour legend is filled with.
 */
import type { Selection } from 'd3-selection';

/** A continuous colour scale: a numeric domain and a colour for each value in it. */
export interface ColourScale {
  (value: number): string;
  domain(): number[];
}

/** Adds to `svg` a left-to-right gradient `id` through `colour`'s domain (11 stops); returns its `url(#id)`. */
export function appendGradient(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  id: string,
  colour: ColourScale,
): string {
  const [lo = 0, hi = 1] = colour.domain();
  const gradient = svg.append('defs').append('linearGradient').attr('id', id);
  for (let i = 0; i <= 10; i++) {
    gradient
      .append('stop')
      .attr('offset', `${i * 10}%`)
      .attr('stop-color', colour(lo + ((hi - lo) * i) / 10));
  }
  return `url(#${id})`;
}
