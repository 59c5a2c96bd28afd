/**
 * @file The score chart: one horizontal bar per configuration (exact match on the target test
 * split), coloured by kind (base, single adapter, data mix, merge), the loss written beside it.
 */
import { axisBottom } from 'd3-axis';
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import type { LoraComposeRow } from '../../src/shared/lora';
import { percent } from './format';

const MARGIN = { top: 8, right: 96, bottom: 28, left: 210 };
const BAR = 22;

/** Draws the bars into `svg` (replacing what was there), `width` px wide. */
export function drawBars(svg: SVGSVGElement, rows: readonly LoraComposeRow[], width: number): void {
  const height = MARGIN.top + MARGIN.bottom + rows.length * BAR;
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  root.selectAll('*').remove();
  const x = scaleLinear()
    .domain([0, 1])
    .range([MARGIN.left, Math.max(MARGIN.left + 40, width - MARGIN.right)]);
  const y = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([MARGIN.top, height - MARGIN.bottom])
    .padding(0.2);
  const bar = root
    .append('g')
    .selectAll('g')
    .data(rows)
    .join('g')
    .attr('class', (r) => `bar bar-${r.kind}`)
    .attr('data-config', (r) => r.config);
  bar
    .append('text')
    .attr('class', 'bar-label')
    .attr('x', MARGIN.left - 6)
    .attr('y', (_, i) => (y(i) ?? 0) + y.bandwidth() / 2)
    .attr('dy', '0.32em')
    .attr('text-anchor', 'end')
    .text((r) => r.config);
  bar
    .append('rect')
    .attr('x', MARGIN.left)
    .attr('y', (_, i) => y(i) ?? 0)
    .attr('height', y.bandwidth())
    .attr('width', (r) => Math.max(1, x(r.exactMatch) - MARGIN.left));
  bar
    .append('text')
    .attr('class', 'bar-value')
    .attr('x', (r) => x(r.exactMatch) + 4)
    .attr('y', (_, i) => (y(i) ?? 0) + y.bandwidth() / 2)
    .attr('dy', '0.32em')
    .text((r) => `${percent(r.exactMatch)} · loss ${r.loss.toFixed(3)}`);
  bar
    .append('title')
    .text((r) => `${r.config}: exact match ${percent(r.exactMatch)}, loss ${r.loss.toFixed(4)} nats/byte`);
  root
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(
      axisBottom(x)
        .ticks(5)
        .tickFormat((v) => percent(Number(v), 0)),
    );
}
