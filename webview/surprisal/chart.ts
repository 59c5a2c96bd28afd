/**
 * @file The surprisal bar chart: one thin `rect.token-bar` per token along the file, height and colour
 * by surprisal in bits. Bars are at least 2 px wide, so long files scroll sideways instead of blurring.
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import type { SurprisalResult, SurprisalToken } from '../../src/shared/surprisal';
import type { SurprisalColour } from './colour';
import { formatBits, visibleText } from './format';
import { appendGradient } from '../shared/gradient';

/** Layout of the chart, in SVG user units (CSS pixels). */
export interface ChartOptions {
  /** Width the chart should fill when its bars fit; it grows past it for long files. @default 800 */
  readonly width: number;
  /** @default 240 */
  readonly height: number;
  /** Narrowest bar. @default 2 */
  readonly minBar: number;
  /** Widest bar. @default 14 */
  readonly maxBar: number;
}

const DEFAULTS: ChartOptions = { width: 800, height: 240, minBar: 2, maxBar: 14 };
const GRADIENT_ID = 'surprisal-legend-gradient';
const MARGIN = { top: 30, right: 16, bottom: 34, left: 52 } as const;

/** Rounds to 1/100 px: smaller exports, stable snapshots. */
const r2 = (v: number): number => Math.round(v * 100) / 100;

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
type Group = Selection<SVGGElement, unknown, null, undefined>;

function drawAxes(svg: Svg, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, n: number): void {
  const innerW = x.range()[1] ?? 0;
  const xTicks = Math.max(2, Math.min(n, Math.floor(innerW / 80)));
  const gx = svg
    .append('g')
    .attr('class', 'axis x-axis')
    .attr('transform', `translate(${MARGIN.left},${y(0) + MARGIN.top})`);
  gx.call(axisBottom(x).ticks(xTicks, 'd').tickSizeOuter(0));
  const gy = svg.append('g').attr('class', 'axis y-axis').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  gy.call(axisLeft(y).ticks(5).tickSizeOuter(0));
  gy.selectAll('.tick line').clone().attr('class', 'grid-line').attr('x2', innerW);
  svg.append('text').attr('class', 'axis-label y-label').attr('x', 8).attr('y', 16).text('bits');
  svg
    .append('text')
    .attr('class', 'axis-label x-label')
    .attr('text-anchor', 'end')
    .attr('x', MARGIN.left + innerW)
    .attr('y', y(0) + MARGIN.top + 30)
    .text('token');
}

function drawBars(
  g: Group,
  tokens: readonly SurprisalToken[],
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  colour: SurprisalColour,
): SVGRectElement[] {
  const step = x(1) - x(0);
  const width = step >= 4 ? step - 1 : step;
  const bars = g
    .selectAll<SVGRectElement, SurprisalToken>('rect.token-bar')
    .data(tokens)
    .join('rect')
    .attr('class', 'token-bar')
    .attr('data-index', (_, i) => i)
    .attr('data-start', (d) => d.start)
    .attr('data-end', (d) => d.end)
    .attr('x', (_, i) => r2(x(i)))
    .attr('y', (d) => r2(y(d.surprisal)))
    .attr('width', r2(width))
    .attr('height', (d) => r2(Math.max(0, y(0) - y(d.surprisal))))
    .attr('fill', (d) => colour(d.surprisal));
  bars.append('title').text((d) => `${visibleText(d.text)}\n${formatBits(d.surprisal)}`);
  return bars.nodes();
}

function drawMean(svg: Svg, tokens: readonly SurprisalToken[], y: ScaleLinear<number, number>, innerW: number): void {
  if (tokens.length === 0) return;
  const mean = tokens.reduce((s, t) => s + t.surprisal, 0) / tokens.length;
  const g = svg
    .append('g')
    .attr('class', 'mean')
    .attr('transform', `translate(${MARGIN.left},${r2(MARGIN.top + y(mean))})`);
  g.append('line').attr('class', 'mean-line').attr('x2', innerW);
  g.append('text')
    .attr('class', 'mean-label')
    .attr('x', 4)
    .attr('y', -4)
    .text(`mean ${formatBits(mean)}/token`);
}

function drawLegend(svg: Svg, colour: SurprisalColour): void {
  const [, hi = 1] = colour.domain();
  const fill = appendGradient(svg, GRADIENT_ID, colour);
  const g = svg
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${MARGIN.left + 8},8)`);
  g.append('text').attr('class', 'legend-label').attr('x', 0).attr('y', 9).text('0');
  g.append('rect').attr('x', 12).attr('width', 120).attr('height', 10).attr('fill', fill);
  g.append('text')
    .attr('class', 'legend-label')
    .attr('x', 138)
    .attr('y', 9)
    .text(`≥ ${formatBits(hi)}`);
}

/** Draws `result` into `svgEl` (replacing what was there) and returns the bars, indexed like the tokens. */
export function drawChart(
  svgEl: SVGSVGElement,
  result: SurprisalResult,
  colour: SurprisalColour,
  options: Partial<ChartOptions> = {},
): SVGRectElement[] {
  const o = { ...DEFAULTS, ...options };
  const { tokens } = result;
  const n = tokens.length;
  const fitWidth = o.width - MARGIN.left - MARGIN.right;
  const bar = Math.min(o.maxBar, Math.max(o.minBar, fitWidth / Math.max(1, n)));
  const innerW = Math.max(bar, n * bar);
  const innerH = o.height - MARGIN.top - MARGIN.bottom;
  const width = Math.ceil(innerW + MARGIN.left + MARGIN.right);
  const top = tokens.reduce((m, t) => Math.max(m, t.surprisal), 1);
  const x = scaleLinear()
    .domain([0, Math.max(1, n)])
    .range([0, innerW]);
  const y = scaleLinear().domain([0, top]).nice().range([innerH, 0]);
  const svg = select(svgEl);
  svg.selectChildren().remove();
  svg.attr('width', width).attr('height', o.height).attr('viewBox', `0 0 ${width} ${o.height}`);
  drawLegend(svg, colour);
  drawAxes(svg, x, y, n);
  const g = svg.append('g').attr('class', 'bars').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const bars = drawBars(g, tokens, x, y, colour);
  drawMean(svg, tokens, y, innerW);
  return bars;
}

function pinBackground(overlay: SVGSVGElement, width: number, height: number): void {
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('class', 'pin-bg');
  rect.setAttribute('width', String(width));
  rect.setAttribute('height', String(height));
  overlay.append(rect);
}

/**
 * Copies the chart's y axis and legend into `overlay`, an SVG pinned over the scroller's visible
 * area (`width` wide), so the scale stays in sight while a long file scrolls sideways. It paints the
 * left and top margins only; the exported chart keeps its own axis.
 */
export function drawStickyAxis(overlay: SVGSVGElement, chart: SVGSVGElement, width: number): void {
  const height = Number(chart.getAttribute('height') ?? 0);
  overlay.replaceChildren();
  overlay.setAttribute('width', String(width));
  overlay.setAttribute('height', String(height));
  overlay.setAttribute('viewBox', `0 0 ${width} ${height}`);
  pinBackground(overlay, MARGIN.left, height);
  pinBackground(overlay, width, MARGIN.top - 4);
  for (const el of chart.querySelectorAll(':scope > defs, :scope > .legend, :scope > .y-axis, :scope > .y-label')) {
    overlay.append(el.cloneNode(true));
  }
  overlay.querySelectorAll('.grid-line').forEach((line) => line.remove());
  overlay.querySelector('linearGradient')?.setAttribute('id', `${GRADIENT_ID}-pinned`);
  overlay.querySelector('.legend rect')?.setAttribute('fill', `url(#${GRADIENT_ID}-pinned)`);
}
