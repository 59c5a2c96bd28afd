/**
 * @file The probe's line charts (exact match against length, and against longest carry chain): one
 * line per model in its method's colour, a legend of swatches wrapped in rows above the plot, dashed
 * markers labelled in a band of their own between the legend and the plot (so no label lies on a
 * curve; labels of close lines in rows of their own), a dot per point whose tooltip gives the accuracy,
 * the problems behind it and the 95 % Wilson interval, and optionally the interval drawn as a whisker.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { line } from 'd3-shape';
import { wilson } from '../../src/shared/wilson';

/** One point: `correct` of `problems` right at `x` (null: not measured there). */
export interface CurvePoint {
  readonly x: number;
  readonly correct: number | null;
  readonly problems: number;
}

/** One line of the chart. */
export interface CurveSeries {
  /** The method, for the line's colour class (`method-<method>`) and `data-method`. */
  readonly method: string;
  readonly model: string;
  /** Legend text (method and model), and the method alone for a legend too narrow for it. */
  readonly label: string;
  readonly shortLabel: string;
  /** Legend tooltip: what the method is. */
  readonly title: string;
  readonly points: readonly CurvePoint[];
}

/** A dashed vertical line at `x` with its label. */
export interface Marker {
  readonly x: number;
  readonly label: string;
  readonly title: string;
}

/** What to draw. */
export interface CurveChartSpec {
  readonly series: readonly CurveSeries[];
  readonly xMin: number;
  readonly xMax: number;
  readonly xLabel: string;
  /** Words for one x value in a tooltip, e.g. `length 12` or `chain 4`. */
  readonly xWords: (x: number) => string;
  readonly markers: readonly Marker[];
  /** Draw each point's 95 % interval as a vertical whisker. */
  readonly whiskers: boolean;
}

const M = { right: 16, bottom: 40, left: 52 };
const PLOT = 220;
const ROW = 20;
const BAND = 22;
const LABEL_ROW = 13;

type X = ScaleLinear<number, number>;
type Root = Selection<SVGSVGElement, unknown, null, undefined>;
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/** The legend: a swatch (line and dot in the method's colour) and the series' label, wrapped in rows. */
function drawLegend(root: Root, series: readonly CurveSeries[], width: number): number {
  const g = root.append('g').attr('class', 'legend');
  let x = 4;
  let y = 12;
  series.forEach((s, i) => {
    const item = g.append('g').attr('class', `legend-item curve-${i} method-${s.method}`).attr('data-method', s.method);
    item.append('title').text(`${s.model}: ${s.title}`);
    item.append('line').attr('class', 'swatch').attr('x1', 0).attr('x2', 18).attr('y1', 0).attr('y2', 0);
    item.append('circle').attr('class', 'swatch').attr('cx', 9).attr('cy', 0).attr('r', 3.5);
    const text = item.append('text').attr('x', 24).attr('y', 4).text(s.label);
    const measure = (label: string): number => 24 + (text.node()?.getComputedTextLength() ?? 7 * label.length) + 18;
    let w = measure(s.label);
    if (w > width - 8) w = measure(text.text(s.shortLabel).text());
    if (x > 4 && x + w > width - 4) {
      x = 4;
      y += ROW;
    }
    item.attr('transform', `translate(${x},${y})`);
    x += w;
  });
  return y + ROW / 2;
}

function drawAxes(root: Root, spec: CurveChartSpec, x: X, y: X, top: number, width: number): void {
  const bottom = top + PLOT;
  const span = spec.xMax - spec.xMin;
  const ticks = Math.max(2, Math.min(10, span, Math.floor((width - M.left - M.right) / 50)));
  const xAxis = axisBottom(x)
    .ticks(ticks)
    .tickFormat((v) => (Number.isInteger(Number(v)) ? String(v) : ''));
  root.append('g').attr('class', 'axis').attr('transform', `translate(0,${bottom})`).call(xAxis);
  const yAxis = axisLeft(y)
    .ticks(5)
    .tickFormat((v) => `${Math.round(Number(v) * 100)}%`);
  root.append('g').attr('class', 'axis').attr('transform', `translate(${M.left},0)`).call(yAxis);
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', (M.left + width - M.right) / 2)
    .attr('y', bottom + 32)
    .attr('text-anchor', 'middle')
    .text(spec.xLabel);
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(14,${top + PLOT / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text('exact match');
}

/** A marker label placed in the band: its centre, its width and its row (0 nearest the plot). */
interface Placed {
  readonly marker: Marker;
  readonly at: number;
  readonly row: number;
}

/**
 * Places the markers' labels (centred on their lines, kept inside the chart) in rows: a label that would touch one
 * already in a row goes up a row, so close lines (5, 8 and 10) keep readable labels. Measures with a scratch text.
 */
function placeLabels(root: Root, spec: CurveChartSpec, x: X, width: number): Placed[] {
  const probe = root.append('text').attr('class', 'marker-label');
  const rows: [number, number][][] = [];
  const placed: Placed[] = [];
  for (const m of spec.markers) {
    if (m.x < spec.xMin || m.x > spec.xMax) continue;
    const w = probe.text(m.label).node()?.getComputedTextLength() ?? 6 * m.label.length;
    const at = Math.min(Math.max(x(m.x), M.left + w / 2), width - M.right - w / 2);
    const span: [number, number] = [at - w / 2 - 4, at + w / 2 + 4];
    let row = rows.findIndex((r) => r.every(([a, b]) => span[1] <= a || span[0] >= b));
    if (row < 0) row = rows.push([]) - 1;
    rows[row]?.push(span);
    placed.push({ marker: m, at, row });
  }
  probe.remove();
  return placed;
}

/** Dashed lines at the markers, their labels in rows in the band above the plot. */
function drawMarkers(root: Root, placed: readonly Placed[], x: X, top: number): void {
  for (const { marker: m, at, row } of placed) {
    const g = root.append('g').attr('class', 'marker-group');
    g.append('line')
      .attr('class', 'marker')
      .attr('x1', x(m.x))
      .attr('x2', x(m.x))
      .attr('y1', top)
      .attr('y2', top + PLOT);
    g.append('text')
      .attr('class', 'marker-label')
      .attr('x', at)
      .attr('y', top - 9 - row * LABEL_ROW)
      .attr('text-anchor', 'middle')
      .text(m.label)
      .append('title')
      .text(m.title);
  }
}

/** A point's tooltip: accuracy, problems and the 95 % Wilson interval. */
function tip(s: CurveSeries, spec: CurveChartSpec, p: CurvePoint): string {
  const c = p.correct ?? 0;
  const w = wilson(c, p.problems);
  return (
    `${s.label}, ${spec.xWords(p.x)}: ${pct(w.accuracy)} exactly right (${c} of ${p.problems} problems; ` +
    `95% Wilson interval ${pct(w.low)} to ${pct(w.high)})`
  );
}

function drawCurves(root: Root, spec: CurveChartSpec, x: X, y: X): void {
  const acc = (p: CurvePoint): number => (p.correct ?? 0) / Math.max(1, p.problems);
  const path = line<CurvePoint>()
    .defined((p) => p.correct !== null && p.problems > 0)
    .x((p) => x(p.x))
    .y((p) => y(acc(p)));
  spec.series.forEach((s, i) => {
    const g = root.append('g').attr('class', `curve curve-${i} method-${s.method}`).attr('data-method', s.method);
    g.attr('data-model', s.model);
    g.append('path').attr('d', path([...s.points]) ?? '');
    const shown = s.points.filter((p) => p.correct !== null && p.problems > 0);
    if (spec.whiskers) {
      g.selectAll('line.whisker')
        .data(shown)
        .join('line')
        .attr('class', 'whisker')
        .attr('x1', (p) => x(p.x))
        .attr('x2', (p) => x(p.x))
        .attr('y1', (p) => y(wilson(p.correct ?? 0, p.problems).low))
        .attr('y2', (p) => y(wilson(p.correct ?? 0, p.problems).high));
    }
    g.selectAll('circle')
      .data(shown)
      .join('circle')
      .attr('cx', (p) => x(p.x))
      .attr('cy', (p) => y(acc(p)))
      .attr('r', 2.5)
      .append('title')
      .text((p) => tip(s, spec, p));
  });
}

/** Draws the chart into `svg`, `width` px wide (at least 160). */
export function drawCurveChart(svg: SVGSVGElement, spec: CurveChartSpec, width: number): void {
  const root = select(svg);
  root.selectAll('*').remove();
  root.attr('width', width);
  const x = scaleLinear()
    .domain([spec.xMin, Math.max(spec.xMin + 1, spec.xMax)])
    .range([M.left, width - M.right]);
  const placed = placeLabels(root, spec, x, width);
  const rows = Math.max(0, ...placed.map((p) => p.row));
  const top = drawLegend(root, spec.series, width) + BAND + rows * LABEL_ROW;
  const height = top + PLOT + M.bottom;
  root.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  const y = scaleLinear()
    .domain([0, 1])
    .range([top + PLOT, top]);
  drawAxes(root, spec, x, y, top, width);
  drawMarkers(root, placed, x, top);
  drawCurves(root, spec, x, y);
}
