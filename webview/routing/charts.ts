/**
 * @file The routing view's two charts: the load histogram (tokens per expert, bars in the experts' colours, the
 * uniform load k·T/E dashed, dead experts marked ✕) and the expert × token-kind heatmap (share of each
 * kind's routing choices per expert, each column summing to 1).
 */
import { select } from 'd3-selection';
import { expertColour, type LayerRouting, type RoutingResult } from '../../src/shared/routing';
import { kindColumns } from './data';
import { frame, wholeXTicks, type Frame } from '../shared/frame';
import { sig } from '../shared/numbers';

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** Draws the load histogram of `l` into `svg`. */
export function drawLoad(svg: SVGSVGElement, r: RoutingResult, l: LayerRouting, width: number): void {
  const E = r.experts;
  const T = r.tokens.start.length;
  const uniform = (r.topK * T) / E;
  const top = Math.max(uniform, ...l.counts) * 1.1;
  const height = Math.round(Math.min(320, Math.max(220, width * 0.4)));
  const fr = frame(
    svg,
    width,
    height,
    { domain: [-0.5, E - 0.5], log: false, label: 'Expert' },
    {
      domain: [0, top],
      log: false,
      label: 'Tokens routed',
    },
  );
  wholeXTicks(fr, [0, E - 1]);
  bars(fr, l, E, uniform);
  fr.g
    .append('line')
    .attr('class', 'uniform-line')
    .attr('x1', 0)
    .attr('x2', fr.width)
    .attr('y1', fr.y(uniform))
    .attr('y2', fr.y(uniform))
    .append('title')
    .text(`Uniform load k·T/E = ${sig(uniform, 4)} tokens per expert`);
}

function bars(fr: Frame, l: LayerRouting, E: number, uniform: number): void {
  const w = Math.max(2, (fr.width / E) * 0.8);
  l.counts.forEach((c, e) => {
    const g = fr.g
      .append('g')
      .attr('class', `load-bar${c === 0 ? ' dead' : ''}`)
      .attr('data-expert', e);
    const x = fr.x(e) - w / 2;
    g.append('rect')
      .attr('x', x)
      .attr('y', fr.y(c))
      .attr('width', w)
      .attr('height', Math.max(0, fr.y(0) - fr.y(c)))
      .attr('fill', expertColour(e));
    if (c === 0)
      g.append('text')
        .attr('class', 'dead-mark')
        .attr('x', fr.x(e))
        .attr('y', fr.y(0) - 4)
        .text('✕');
    g.append('title').text(
      `Expert ${e}: ${c} tokens (${pct(l.fractions[e] ?? 0)} of choices, ${sig(c / uniform, 3)}× uniform), ` +
        `mean p ${sig(l.meanProb[e] ?? 0, 3)}${c === 0 ? '. Dead: no token of this text was routed here.' : ''}`,
    );
  });
}

const CELL_H = 18;
const LEFT = 70;
const TOP = 44;

/** Draws the expert × token-kind heatmap of `l` into `svg` (kinds with no token are left out). */
export function drawKinds(svg: SVGSVGElement, r: RoutingResult, l: LayerRouting, width: number): void {
  const kinds = kindColumns(r, l);
  const cellW = Math.max(40, Math.min(110, (width - LEFT - 10) / Math.max(1, kinds.length)));
  const height = TOP + r.experts * CELL_H + 30;
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  root.classed('framed', true).selectAll('*').remove();
  kinds.forEach((k, c) => {
    const head = root
      .append('text')
      .attr('class', 'kind-head')
      .attr('x', LEFT + (c + 0.5) * cellW)
      .attr('y', TOP - 8);
    head.attr('text-anchor', 'middle').attr('data-kind', k.kind).text(k.kind);
    head.append('title').text(`${k.kind}: ${k.tokens} tokens`);
  });
  for (let e = 0; e < r.experts; e++) {
    const y = TOP + e * CELL_H;
    const label = root
      .append('text')
      .attr('class', 'expert-label')
      .attr('x', LEFT - 8)
      .attr('y', y + CELL_H / 2);
    label.attr('text-anchor', 'end').attr('dy', '0.32em').text(`expert ${e}`).attr('fill', expertColour(e));
    kinds.forEach((k, c) => {
      const share = k.shares[e] ?? 0;
      const cell = root.append('g').attr('class', 'kind-cell').attr('data-expert', e).attr('data-kind', k.kind);
      cell
        .append('rect')
        .attr('x', LEFT + c * cellW + 1)
        .attr('y', y + 1)
        .attr('width', cellW - 2)
        .attr('height', CELL_H - 2)
        .attr('fill', `rgba(58, 134, 255, ${Math.min(1, share * 1.5).toFixed(3)})`);
      const text = cell
        .append('text')
        .attr('x', LEFT + (c + 0.5) * cellW)
        .attr('y', y + CELL_H / 2);
      text
        .attr('text-anchor', 'middle')
        .attr('dy', '0.32em')
        .text(share > 0 ? pct(share) : '');
      cell.append('title').text(`${pct(share)} of the routing choices of ${k.kind} tokens went to expert ${e}`);
    });
  }
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', LEFT + (kinds.length * cellW) / 2)
    .attr('y', 14)
    .attr('text-anchor', 'middle')
    .text('Token kind (columns sum to 100 %)');
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', LEFT + (kinds.length * cellW) / 2)
    .attr('y', height - 8)
    .attr('text-anchor', 'middle')
    .text('Rows: experts; darker = a larger share of the kind');
}
