/**
 * @file The score chart: one horizontal bar per configuration (exact match on the target test
 * split), coloured by kind (base, single adapter, data mix, merge), the share written beside it and
 * the method's description and the loss in its tooltip. It fits the width it is given: below
 * `STACK_BELOW` px (format.ts) each label sits above its bar instead of left of it.
 */
import { axisBottom } from 'd3-axis';
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import type { LoraComposeRow } from '../../src/shared/lora';
import { barLayout, barTitle, percent } from './format';

/** Draws the bars into `svg` (replacing what was there), `width` px wide. */
export function drawBars(svg: SVGSVGElement, rows: readonly LoraComposeRow[], width: number): void {
  const L = barLayout(width);
  const height = L.top + L.bottom + rows.length * L.row;
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  root.selectAll('*').remove();
  const x = scaleLinear().domain([0, 1]).range([L.x0, L.x1]);
  const y = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([L.top, L.top + rows.length * L.row]);
  const bar = root
    .append('g')
    .selectAll('g')
    .data(rows)
    .join('g')
    .attr('class', (r) => `bar bar-${r.kind}`)
    .attr('data-config', (r) => r.config)
    .attr('transform', (_, i) => `translate(0,${y(i) ?? 0})`);
  bar
    .append('text')
    .attr('class', 'bar-label')
    .attr('x', L.stacked ? L.x0 : L.x0 - 6)
    .attr('y', L.stacked ? 11 : L.barTop + L.bar / 2)
    .attr('dy', L.stacked ? 0 : '0.32em')
    .attr('text-anchor', L.stacked ? 'start' : 'end')
    .text((r) => r.config);
  bar
    .append('rect')
    .attr('x', L.x0)
    .attr('y', L.barTop)
    .attr('height', L.bar)
    .attr('width', (r) => Math.max(1, x(r.exactMatch) - L.x0));
  bar
    .append('text')
    .attr('class', 'bar-value')
    .attr('x', (r) => x(r.exactMatch) + 4)
    .attr('y', L.barTop + L.bar / 2)
    .attr('dy', '0.32em')
    .text((r) => percent(r.exactMatch));
  bar.append('title').text(barTitle);
  root
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - L.bottom})`)
    .call(
      axisBottom(x)
        .ticks(width < 360 ? 3 : 5)
        .tickFormat((v) => percent(Number(v), 0)),
    );
}
