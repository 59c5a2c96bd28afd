/**
 * @file The frame the scaling, serving and remaining-length charts share: an SVG sized to its box, x and y scales
 * (log or linear), axes with grid lines and labelled with their units (styled by `svg.framed` in base.css).
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { decadeLabel, sig } from './numbers';

/** A chart's drawing area. */
export interface Frame {
  readonly g: Selection<SVGGElement, unknown, null, undefined>;
  readonly x: ScaleContinuousNumeric<number, number>;
  readonly y: ScaleContinuousNumeric<number, number>;
  readonly width: number;
  readonly height: number;
}

/** An axis: its domain, whether it is logarithmic, and its label with units. */
export interface AxisSpec {
  readonly domain: readonly [number, number];
  readonly log: boolean;
  readonly label: string;
}

const MARGIN = { top: 12, right: 16, bottom: 44, left: 60 };

function scaleOf(spec: AxisSpec, range: [number, number]): ScaleContinuousNumeric<number, number> {
  return spec.log
    ? scaleLog()
        .domain([...spec.domain])
        .range(range)
    : scaleLinear()
        .domain([...spec.domain])
        .range(range)
        .nice();
}

/** Tick labels: "1e12" on a log axis over decades, else short numbers. */
function tickFormat(spec: AxisSpec): (v: unknown) => string {
  const decades = spec.log ? Math.log10(spec.domain[1] / spec.domain[0]) : 0;
  return (v) => {
    const x = Number(v);
    const l = Math.log10(x);
    if (decades > 1.5) return Math.abs(l - Math.round(l)) < 1e-6 ? decadeLabel(Math.round(l)) : '';
    return sig(x, 3);
  };
}

/** The tick values of an axis: a log axis within about a decade gets evenly spaced ticks (1.5, 2, 2.5…). */
function tickValues(spec: AxisSpec, scale: ScaleContinuousNumeric<number, number>, count: number): number[] {
  if (spec.log && Math.log10(spec.domain[1] / spec.domain[0]) < 1.2) {
    return scaleLinear()
      .domain([...spec.domain])
      .ticks(count);
  }
  return scale.ticks(count);
}

function axes(g: Frame['g'], f: { x: Frame['x']; y: Frame['y']; w: number; h: number }, xs: AxisSpec, ys: AxisSpec) {
  const xv = tickValues(xs, f.x, xs.log ? 8 : 6);
  const yv = tickValues(ys, f.y, ys.log ? 6 : 5);
  const none = () => '';
  const xGrid = axisBottom(f.x).tickValues(xv).tickSize(-f.h).tickFormat(none);
  g.append('g').attr('class', 'grid').attr('transform', `translate(0,${f.h})`).call(xGrid);
  g.append('g').attr('class', 'grid').call(axisLeft(f.y).tickValues(yv).tickSize(-f.w).tickFormat(none));
  const xAxis = axisBottom(f.x).tickValues(xv).tickFormat(tickFormat(xs));
  g.append('g').attr('class', 'axis').attr('transform', `translate(0,${f.h})`).call(xAxis);
  g.append('g')
    .attr('class', 'axis')
    .call(axisLeft(f.y).tickValues(yv).tickFormat(tickFormat(ys)));
}

/** Clears `svg`, sizes it to `width` × `height`, and draws the axes, grid and labels. */
export function frame(svg: SVGSVGElement, width: number, height: number, xs: AxisSpec, ys: AxisSpec): Frame {
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  root.classed('framed', true).selectAll('*').remove();
  const w = width - MARGIN.left - MARGIN.right;
  const h = height - MARGIN.top - MARGIN.bottom;
  const x = scaleOf(xs, [0, w]);
  const y = scaleOf(ys, [h, 0]);
  const g = root.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  axes(g, { x, y, w, h }, xs, ys);
  const xLabel = g
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', w / 2)
    .attr('y', h + 36);
  xLabel.attr('text-anchor', 'middle').text(xs.label);
  const yLabel = g.append('text').attr('class', 'axis-label').attr('text-anchor', 'middle');
  yLabel.attr('transform', `translate(${-46},${h / 2}) rotate(-90)`).text(ys.label);
  return { g, x, y, width: w, height: h };
}

/** The width a chart takes in its box (at least 240 px) and a height in proportion. */
export function chartSize(svg: SVGSVGElement, ratio = 0.55): { width: number; height: number } {
  const width = Math.max(240, Math.floor(svg.parentElement?.clientWidth ?? 640));
  return { width, height: Math.round(Math.min(420, Math.max(220, width * ratio))) };
}

/**
 * Leaves only whole-number ticks (and their grid lines) on the x axis: for counted things (steps, tokens, ranks);
 * with `within`, only those from its first to its last number (a nice domain may reach past the things counted).
 */
export function wholeXTicks(fr: Frame, within?: readonly [number, number]): void {
  const [lo, hi] = within ?? [-Infinity, Infinity];
  for (const cls of ['.grid', '.axis']) {
    fr.g
      .selectAll<SVGGElement, unknown>(cls)
      .filter((_, k) => k === 0)
      .selectAll<SVGGElement, number>('.tick')
      .filter((d) => !Number.isInteger(d) || d < lo || d > hi)
      .remove();
  }
}
