/**
 * @file A CAT heatmap: one cell per layer (row) and LoRA (column), shaded by the learned weight,
 * with the weight written in the cell. Heatmaps drawn side by side share one shade scale (`hi`).
 */
import { interpolateRgb } from 'd3-interpolate';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { STAT_HELP } from '../../src/shared/loraHelp';
import { clipText } from '../../src/shared/tokenText';

const MARGIN = { top: 24, left: 64 };
const CELL = { w: 76, h: 26 };
const NAME_CHARS = 11;

const short = (n: string): string => clipText(n, NAME_CHARS);

/** Draws weights[layer][lora] into `svg`; `names` label the columns; `hi` is the weight of the darkest shade. */
export function drawHeatmap(
  svg: SVGSVGElement,
  weights: readonly (readonly number[])[],
  names: readonly string[],
  hi: number,
): void {
  const root = select(svg);
  root.selectAll('*').remove();
  const width = MARGIN.left + names.length * CELL.w + 8;
  const height = MARGIN.top + weights.length * CELL.h + 8;
  root.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  const shade = scaleLinear<number>()
    .domain([0, Math.max(1e-9, hi)])
    .range([0, 1])
    .clamp(true);
  const colour = (w: number): string =>
    interpolateRgb('rgba(128,128,128,0.08)', 'rgba(64,140,255,0.9)')(shade(Math.abs(w)));
  root
    .append('g')
    .selectAll('text')
    .data(names)
    .join('text')
    .attr('class', 'heat-axis')
    .attr('x', (_, i) => MARGIN.left + (i + 0.5) * CELL.w)
    .attr('y', MARGIN.top - 8)
    .attr('text-anchor', 'middle')
    .text(short)
    .append('title')
    .text((n) => n);
  const row = root
    .append('g')
    .selectAll('g')
    .data(weights)
    .join('g')
    .attr('transform', (_, l) => `translate(0,${MARGIN.top + l * CELL.h})`);
  row
    .append('text')
    .attr('class', 'heat-axis')
    .attr('x', MARGIN.left - 8)
    .attr('y', CELL.h / 2)
    .attr('dy', '0.32em')
    .attr('text-anchor', 'end')
    .text((_, l) => `layer ${l}`);
  const cell = row
    .selectAll('g')
    .data((w, l) => w.map((v, i) => ({ v, i, l })))
    .join('g')
    .attr('class', 'heat-cell')
    .attr('transform', (d) => `translate(${MARGIN.left + d.i * CELL.w},0)`);
  cell
    .append('rect')
    .attr('width', CELL.w - 2)
    .attr('height', CELL.h - 2)
    .attr('fill', (d) => colour(d.v));
  cell
    .append('text')
    .attr('x', CELL.w / 2)
    .attr('y', CELL.h / 2)
    .attr('dy', '0.32em')
    .attr('text-anchor', 'middle')
    .text((d) => d.v.toFixed(3));
  cell
    .append('title')
    .text((d) => `layer ${d.l}, ${names[d.i] ?? ''}: weight ${d.v.toFixed(4)}. ${STAT_HELP.catWeight}`);
}
