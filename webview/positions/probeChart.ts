/**
 * @file The length-generalization chart: exact match against problem length, one line per method
 * (PPC, oracle coupling, absolute positions), with the training maximum and its double marked.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { line } from 'd3-shape';
import type { LengthProbeResult } from '../../src/shared/positions';

const M = { top: 12, right: 120, bottom: 36, left: 44 };
const H = 260;

type X = ScaleLinear<number, number>;
type Root = Selection<SVGSVGElement, unknown, null, undefined>;

function drawAxes(root: Root, r: LengthProbeResult, x: X, y: X, width: number): void {
  root
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${H - M.bottom})`)
    .call(axisBottom(x).ticks(10));
  root
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${M.left},0)`)
    .call(
      axisLeft(y)
        .ticks(5)
        .tickFormat((v) => `${Math.round(Number(v) * 100)}%`),
    );
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', (M.left + width - M.right) / 2)
    .attr('y', H - 4)
    .attr('text-anchor', 'middle')
    .text(r.task === 'addition' ? 'digits per operand' : 'symbols');
}

/** Vertical markers at the longest training length and at twice it, where the chart reaches them. */
function drawMarkers(root: Root, r: LengthProbeResult, x: X): void {
  for (const [k, label] of [
    [r.trainMaxLength, 'train max'],
    [2 * r.trainMaxLength, '2×'],
  ] as const) {
    if (k > Math.max(...r.lengths)) continue;
    root
      .append('line')
      .attr('class', 'marker')
      .attr('x1', x(k))
      .attr('x2', x(k))
      .attr('y1', M.top)
      .attr('y2', H - M.bottom);
    root
      .append('text')
      .attr('class', 'marker-label')
      .attr('x', x(k) + 3)
      .attr('y', M.top + 10)
      .text(label);
  }
}

function drawCurves(root: Root, r: LengthProbeResult, x: X, y: X, width: number): void {
  const path = line<[number, number | null]>()
    .defined((d) => d[1] !== null)
    .x((d) => x(d[0]))
    .y((d) => y(d[1] ?? 0));
  r.methods.forEach((m, i) => {
    const pts = r.lengths.map((n, j) => [n, m.accuracy[j] ?? null] as [number, number | null]);
    const g = root.append('g').attr('class', `curve curve-${i}`).attr('data-method', m.name);
    g.append('path').attr('d', path(pts) ?? '');
    g.selectAll('circle')
      .data(pts.filter((p) => p[1] !== null))
      .join('circle')
      .attr('cx', (p) => x(p[0]))
      .attr('cy', (p) => y(p[1] ?? 0))
      .attr('r', 2.5)
      .append('title')
      .text((p) => `${m.name}, length ${p[0]}: ${((p[1] ?? 0) * 100).toFixed(1)}%`);
    g.append('text')
      .attr('class', 'curve-label')
      .attr('x', width - M.right + 8)
      .attr('y', M.top + 14 + i * 16)
      .text(`${m.name} (${m.mode})`);
  });
}

/** Draws the curves into `svg`, `width` px wide. */
export function drawProbe(svg: SVGSVGElement, r: LengthProbeResult, width: number): void {
  const root = select(svg).attr('width', width).attr('height', H).attr('viewBox', `0 0 ${width} ${H}`);
  root.selectAll('*').remove();
  const x = scaleLinear()
    .domain([1, Math.max(2, ...r.lengths)])
    .range([M.left, width - M.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  drawAxes(root, r, x, y, width);
  drawMarkers(root, r, x);
  drawCurves(root, r, x, y, width);
}
