/**
 * @file The length-generalization chart: exact match against problem length, one line per method
 * (PPC, oracle coupling, absolute positions). A legend with a colour swatch per method wraps in rows
 * above the plot, and the training maximum (and its double) are marked by dashed lines labelled in a
 * band of their own between the legend and the plot, so no label lies on a curve. While the probe
 * runs, the x axis already reaches the longest length to come and the curves grow along it.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { line } from 'd3-shape';
import type { LengthProbeResult } from '../../src/shared/positions';
import { METHOD_WORDS } from '../positions/words';

const M = { right: 16, bottom: 40, left: 52 };
const PLOT = 220;
const ROW = 20;
const BAND = 22;

type X = ScaleLinear<number, number>;
type Root = Selection<SVGSVGElement, unknown, null, undefined>;

/** The legend: a swatch (line and dot in the method's colour) and the method's name, wrapped in rows. */
function drawLegend(root: Root, r: LengthProbeResult, width: number): number {
  const g = root.append('g').attr('class', 'legend');
  let x = 4;
  let y = 12;
  r.methods.forEach((m, i) => {
    const item = g.append('g').attr('class', `legend-item curve-${i}`).attr('data-method', m.name);
    item.append('title').text(METHOD_WORDS[m.name].line);
    item.append('line').attr('class', 'swatch').attr('x1', 0).attr('x2', 18).attr('y1', 0).attr('y2', 0);
    item.append('circle').attr('class', 'swatch').attr('cx', 9).attr('cy', 0).attr('r', 3.5);
    const text = item.append('text').attr('x', 24).attr('y', 4).text(METHOD_WORDS[m.name].name);
    const w = 24 + (text.node()?.getComputedTextLength() ?? 8 * METHOD_WORDS[m.name].name.length) + 18;
    if (x > 4 && x + w > width - 4) {
      x = 4;
      y += ROW;
    }
    item.attr('transform', `translate(${x},${y})`);
    x += w;
  });
  return y + ROW / 2;
}

/** The x axis title, shorter in a narrow panel. */
function axisTitle(task: LengthProbeResult['task'], width: number): string {
  if (width < 340) return task === 'addition' ? 'length (digits)' : 'length (symbols)';
  return task === 'addition' ? 'problem length (digits per operand)' : 'problem length (symbols to copy)';
}

function drawAxes(root: Root, r: LengthProbeResult, x: X, y: X, top: number, width: number): void {
  const bottom = top + PLOT;
  const ticks = Math.max(2, Math.min(10, Math.floor((width - M.left - M.right) / 50)));
  root.append('g').attr('class', 'axis').attr('transform', `translate(0,${bottom})`).call(axisBottom(x).ticks(ticks));
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
    .attr('y', bottom + 32)
    .attr('text-anchor', 'middle')
    .text(axisTitle(r.task, width));
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(14,${top + PLOT / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text('exact match');
}

/** The training maximum's label ends at its line (starts there near the left edge); 2x is centred. */
const anchor = (train: boolean, at: number): string => (!train ? 'middle' : at > 120 ? 'end' : 'start');

/** Dashed lines at the longest training length and at twice it, labelled in the band above the plot. */
function drawMarkers(root: Root, r: LengthProbeResult, x: X, top: number, xMax: number): void {
  const marks = [
    [r.trainMaxLength, `trained up to ${r.trainMaxLength}`],
    [2 * r.trainMaxLength, '2\u00d7'],
  ] as const;
  for (const [k, label] of marks) {
    if (k > xMax) continue;
    const g = root.append('g').attr('class', 'marker-group');
    g.append('line')
      .attr('class', 'marker')
      .attr('x1', x(k))
      .attr('x2', x(k))
      .attr('y1', top)
      .attr('y2', top + PLOT);
    g.append('text')
      .attr('class', 'marker-label')
      .attr('x', x(k))
      .attr('y', top - 9)
      .attr('text-anchor', anchor(k === r.trainMaxLength, x(k)))
      .text(label)
      .append('title')
      .text(k === r.trainMaxLength ? 'The longest problems in training' : 'Twice the longest training length');
  }
}

function drawCurves(root: Root, r: LengthProbeResult, x: X, y: X): void {
  const path = line<[number, number | null]>()
    .defined((d) => d[1] !== null)
    .x((d) => x(d[0]))
    .y((d) => y(d[1] ?? 0));
  r.methods.forEach((m, i) => {
    const name = METHOD_WORDS[m.name].name;
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
      .text((p) => `${name}, length ${p[0]}: ${((p[1] ?? 0) * 100).toFixed(1)}% of the problems exactly right`);
  });
}

/** Draws the chart into `svg`, `width` px wide (the view gives it its panel's width, at least 160). */
export function drawProbe(svg: SVGSVGElement, r: LengthProbeResult, width: number): void {
  const root = select(svg);
  root.selectAll('*').remove();
  root.attr('width', width);
  const top = drawLegend(root, r, width) + BAND;
  const height = top + PLOT + M.bottom;
  root.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  const xMax = Math.max(2, r.upTo ?? 0, ...r.lengths);
  const x = scaleLinear()
    .domain([1, xMax])
    .range([M.left, width - M.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([top + PLOT, top]);
  drawAxes(root, r, x, y, top, width);
  drawMarkers(root, r, x, top, xMax);
  drawCurves(root, r, x, y);
}
