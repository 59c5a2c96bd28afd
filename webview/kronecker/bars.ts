/**
 * @file The cosine chart: per layer a group of three horizontal bars (optimal, Shampoo², Shampoo), the cosine
 * written at each bar's end, the layer's name and shape beside the group (above it when the panel is narrow).
 * Clicking a group selects its layer for the charts below; every bar's tooltip says what it is.
 */
import { axisBottom } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { APPROXES, barTitle, cosOf, fmtCos, fmtCount } from './data';
import type { KronResult } from '../../src/shared/kronecker';

/** Below this width the layer's name sits above its bars instead of left of them. */
const STACK_BELOW = 520;
const BAR = 13;
const GAP = 2;
const GROUP_GAP = 14;

/** The bars' geometry at `width` px. */
function layout(width: number) {
  const stacked = width < STACK_BELOW;
  const label = stacked ? 0 : Math.min(170, Math.round(width * 0.24));
  const head = stacked ? 16 : 0;
  const group = head + APPROXES.length * (BAR + GAP) + GROUP_GAP;
  return { stacked, x0: label + 8, x1: width - 56, head, group, top: 6, bottom: 40 };
}

/** Draws the bars into `svg`, `width` px wide; `selected` is outlined; `onSelect` runs when a group is clicked. */
export function drawCosines(
  svg: SVGSVGElement,
  r: KronResult,
  width: number,
  selected: number,
  onSelect: (layer: number) => void,
): void {
  const L = layout(width);
  const height = L.top + L.bottom + r.layers.length * L.group;
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  root.classed('framed', true).selectAll('*').remove();
  const x = scaleLinear().domain([0, 1]).range([L.x0, L.x1]);
  const grid = root
    .append('g')
    .attr('class', 'grid')
    .attr('transform', `translate(0,${height - L.bottom})`);
  grid.call(
    axisBottom(x)
      .ticks(width < 360 ? 4 : 10)
      .tickSize(-(height - L.bottom - L.top))
      .tickFormat(() => ''),
  );
  r.layers.forEach((layer, i) => {
    const g = root
      .append('g')
      .attr('class', `layer-group${i === selected ? ' selected' : ''}`)
      .attr('data-layer', layer.name)
      .attr('transform', `translate(0,${L.top + i * L.group})`)
      .on('click', () => onSelect(i));
    g.append('rect')
      .attr('class', 'group-bg')
      .attr('x', 0)
      .attr('y', -GROUP_GAP / 2 + 2)
      .attr('width', width)
      .attr('height', L.group - 4);
    const name = g
      .append('text')
      .attr('class', 'bar-label')
      .attr('x', L.stacked ? L.x0 : L.x0 - 8)
      .attr('y', L.stacked ? 11 : L.head + (APPROXES.length * (BAR + GAP)) / 2 - 4)
      .attr('text-anchor', L.stacked ? 'start' : 'end');
    name.append('tspan').attr('class', 'layer-name').text(layer.name);
    const shape = `${fmtCount(layer.m)} \u00d7 ${fmtCount(layer.n)}, ${fmtCount(layer.count)} ex.`;
    if (L.stacked) name.append('tspan').attr('class', 'layer-shape').attr('dx', 8).text(shape);
    else
      name
        .append('tspan')
        .attr('class', 'layer-shape')
        .attr('x', L.x0 - 8)
        .attr('dy', '1.2em')
        .text(shape);
    name.append('title').text(`${layer.name}: ${shape.replace('ex.', 'examples')}. Click to show it below.`);
    APPROXES.forEach((a, k) => {
      const c = cosOf(layer, a.key);
      const y = L.head + k * (BAR + GAP);
      const bar = g.append('g').attr('class', `bar approx-${a.key}`).attr('data-approx', a.key);
      bar
        .append('rect')
        .attr('x', L.x0)
        .attr('y', y)
        .attr('height', BAR)
        .attr('width', Math.max(1, x(Math.max(0, Math.min(1, c))) - L.x0))
        .attr('fill', a.colour);
      bar
        .append('text')
        .attr('class', 'bar-value')
        .attr('x', x(Math.max(0, Math.min(1, c))) + 4)
        .attr('y', y + BAR / 2)
        .attr('dy', '0.32em')
        .text(fmtCos(c));
      bar.append('title').text(barTitle(layer, a));
    });
  });
  root
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - L.bottom})`)
    .call(axisBottom(x).ticks(width < 360 ? 4 : 10));
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', (L.x0 + L.x1) / 2)
    .attr('y', height - 6)
    .attr('text-anchor', 'middle')
    .text('Cosine to H (1 = the same matrix up to scale)');
}
