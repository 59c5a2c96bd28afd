/**
 * @file The head grid: one `rect.head-cell` per layer (row) and head (column), filled by the chosen
 * whole-text statistic of that head, with a colour legend below.
 */
import { select, type Selection } from 'd3-selection';
import type { AttentionMapStats, DependenciesResult } from '../../src/shared/dependencies';
import { gridColour, type GridColour } from './colour';
import { formatNumber } from './format';
import { gridStatHelp, headTitle, type GridStat } from './explain';
import { appendGradient } from '../shared/gradient';

/** Words for each statistic, for the legend and titles. */
export const GRID_STAT_NAMES: Readonly<Record<GridStat, string>> = {
  meanK: 'mean k',
  meanDistance: 'mean distance',
  sinkShare: 'sink share',
};

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

const MARGIN = { top: 22, left: 34, right: 8 };
const LEGEND = 44;

/** Side of one cell: as large as fits `width`, between 8 and 28 px. */
function cellSide(heads: number, width: number): number {
  return Math.max(8, Math.min(28, Math.floor((width - MARGIN.left - MARGIN.right) / Math.max(1, heads))));
}

function drawAxes(svg: Svg, layers: number, heads: number, side: number): void {
  const every = (n: number): number => Math.max(1, Math.ceil(n / Math.max(1, Math.floor((side * n) / 22))));
  const hs = Array.from({ length: heads }, (_, h) => h).filter((h) => h % every(heads) === 0);
  const ls = Array.from({ length: layers }, (_, l) => l).filter((l) => l % every(layers) === 0);
  svg
    .append('g')
    .attr('class', 'grid-axis')
    .selectAll('text')
    .data(hs)
    .join('text')
    .attr('x', (h) => MARGIN.left + (h + 0.5) * side)
    .attr('y', MARGIN.top - 6)
    .attr('text-anchor', 'middle')
    .text((h) => `H${h}`)
    .append('title')
    .text((h) => `head ${h}`);
  svg
    .append('g')
    .attr('class', 'grid-axis')
    .selectAll('text')
    .data(ls)
    .join('text')
    .attr('x', MARGIN.left - 5)
    .attr('y', (l) => MARGIN.top + (l + 0.5) * side)
    .attr('dy', '0.32em')
    .attr('text-anchor', 'end')
    .text((l) => `L${l}`)
    .append('title')
    .text((l) => `layer ${l}`);
}

function drawLegend(svg: Svg, colour: GridColour, stat: GridStat, y: number, width: number, p: number): void {
  const [lo = 0, hi = 1] = colour.domain();
  const fill = appendGradient(svg, 'head-grid-gradient', colour);
  const w = Math.min(180, width - MARGIN.left - MARGIN.right);
  const g = svg.append('g').attr('class', 'grid-legend').attr('transform', `translate(${MARGIN.left},${y})`);
  g.append('rect').attr('width', w).attr('height', 8).attr('fill', fill);
  g.append('text')
    .attr('y', 22)
    .text(formatNumber(lo, stat === 'meanDistance' ? 1 : 2));
  g.append('text')
    .attr('x', w)
    .attr('y', 22)
    .attr('text-anchor', 'end')
    .text(formatNumber(hi, stat === 'meanDistance' ? 1 : 2));
  g.append('text')
    .attr('x', w / 2)
    .attr('y', 22)
    .attr('text-anchor', 'middle')
    .text(GRID_STAT_NAMES[stat])
    .append('title')
    .text(gridStatHelp(stat, p));
}

/**
 * Draws the grid of `r.headStats` into `svg`, `width` px wide, coloured by `stat`; the cell at
 * `selected` gets the class `selected`. Draws nothing but a note when there are no head statistics.
 */
export function drawHeadGrid(
  svg: SVGSVGElement,
  r: DependenciesResult,
  stat: GridStat,
  width: number,
  selected?: { readonly layer: number; readonly head: number },
): void {
  const root: Svg = select(svg);
  root.selectAll('*').remove();
  const stats = r.headStats ?? [];
  if (stats.length === 0 || r.layers === 0 || r.heads === 0) {
    svg.setAttribute('viewBox', `0 0 ${width} 24`);
    root.append('text').attr('class', 'empty-note').attr('y', 16).text('No per-head statistics in this result.');
    return;
  }
  const side = cellSide(r.heads, width);
  const gridHeight = r.layers * side;
  const height = MARGIN.top + gridHeight + LEGEND;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  const colour = gridColour(stats.map((s: AttentionMapStats) => s[stat]));
  drawAxes(root, r.layers, r.heads, side);
  root
    .append('g')
    .attr('class', 'grid-cells')
    .selectAll('rect')
    .data(stats)
    .join('rect')
    .attr('class', 'head-cell')
    .attr('data-layer', (s) => s.layer)
    .attr('data-head', (s) => s.head)
    .classed('selected', (s) => s.layer === selected?.layer && s.head === selected.head)
    .attr('x', (s) => MARGIN.left + s.head * side)
    .attr('y', (s) => MARGIN.top + s.layer * side)
    .attr('width', side - 1)
    .attr('height', side - 1)
    .attr('fill', (s) => colour(s[stat]))
    .attr('tabindex', 0)
    .attr('role', 'button')
    .append('title')
    .text((s) => headTitle(s, r.p));
  drawLegend(root, colour, stat, MARGIN.top + gridHeight + 10, width, r.p);
}
