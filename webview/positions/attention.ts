/**
 * @file The attention strip: the chosen token's attention over every token up to it (one layer,
 * one head or the mean of the heads), bars above the tokens; tokens that share the chosen
 * token's rule ID are marked, since coupling should make the model look there.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import type { PositionsResult } from '../../src/shared/positions';
import { showToken } from '../../src/shared/tokenText';

const H = 120;
const LABELS = 34;

/** The attention row of token `q` in `layer` (`head` −1 = mean of the heads). */
export function attentionRow(r: PositionsResult, layer: number, head: number, q: number): number[] {
  const heads = r.attentions?.[layer] ?? [];
  const rows = head < 0 ? heads.map((h) => h[q] ?? []) : [heads[head]?.[q] ?? []];
  const n = q + 1;
  return Array.from({ length: n }, (_, k) => rows.reduce((s, row) => s + (row[k] ?? 0), 0) / Math.max(1, rows.length));
}

/** Draws the strip for query token `q`; returns the attention mass on tokens sharing its rule ID. */
export function drawAttention(svg: SVGSVGElement, r: PositionsResult, layer: number, head: number, q: number): number {
  const weights = attentionRow(r, layer, head, q);
  const target = r.tokens[q]?.ruleId;
  const width = Math.max(320, weights.length * 26 + 20);
  const root = select(svg)
    .attr('width', width)
    .attr('height', H + LABELS)
    .attr('viewBox', `0 0 ${width} ${H + LABELS}`);
  root.selectAll('*').remove();
  const x = scaleBand<number>()
    .domain(weights.map((_, k) => k))
    .range([10, width - 10])
    .padding(0.15);
  const y = scaleLinear().domain([0, 1]).range([H, 8]);
  const g = root
    .selectAll('g')
    .data(weights)
    .join('g')
    .attr('class', (_, k) => `att-bar${r.tokens[k]?.ruleId === target && k !== q ? ' same-id' : ''}`)
    .attr('data-index', (_, k) => k);
  g.append('rect')
    .attr('x', (_, k) => x(k) ?? 0)
    .attr('width', x.bandwidth())
    .attr('y', (w) => y(w))
    .attr('height', (w) => H - y(w));
  g.append('text')
    .attr('class', 'att-token')
    .attr('x', (_, k) => (x(k) ?? 0) + x.bandwidth() / 2)
    .attr('y', H + 14)
    .attr('text-anchor', 'middle')
    .text((_, k) => showToken(r.tokens[k]?.text ?? ''));
  g.append('text')
    .attr('class', 'att-id')
    .attr('x', (_, k) => (x(k) ?? 0) + x.bandwidth() / 2)
    .attr('y', H + 28)
    .attr('text-anchor', 'middle')
    .text((_, k) => String(r.tokens[k]?.ruleId ?? ''));
  g.append('title').text(
    (w, k) => `${showToken(r.tokens[k]?.text ?? '')} (rule ID ${r.tokens[k]?.ruleId ?? ''}): ${(100 * w).toFixed(1)}%`,
  );
  return weights.reduce((s, w, k) => s + (r.tokens[k]?.ruleId === target && k !== q ? w : 0), 0);
}
