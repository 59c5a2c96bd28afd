/**
 * @file The detail chart: one `rect.token-bar` per token of a window of the file, height and colour by
 * surprisal in bits, drawn to the panel's width (bars at least 2 px wide: the window is chosen so they are).
 * Both axes have titles; the legend and the file's mean sit on top.
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import type { SurprisalToken } from '../../src/shared/surprisal';
import { showToken } from '../../src/shared/tokenText';
import type { SurprisalColour } from './colour';
import { formatBits } from './format';
import { appendGradient } from '../shared/gradient';
import type { TokenWindow } from './viewport';

/** Layout of the chart, in SVG user units (CSS pixels). */
export interface ChartOptions {
  /** Width of the whole chart, margins included. @default 800 */
  readonly width: number;
  /** @default 220 */
  readonly height: number;
}

const DEFAULTS: ChartOptions = { width: 800, height: 220 };
const GRADIENT_ID = 'surprisal-legend-gradient';
/** Margins around the bars: room for the tick labels and the axis titles. */
export const MARGIN = { top: 30, right: 12, bottom: 38, left: 46 } as const;

/** Rounds to 1/100 px: smaller exports, stable snapshots. */
const r2 = (v: number): number => Math.round(v * 100) / 100;

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
type Group = Selection<SVGGElement, unknown, null, undefined>;
type Scale = ScaleLinear<number, number>;

function drawAxes(svg: Svg, x: Scale, y: Scale, innerH: number): void {
  const innerW = x.range()[1] ?? 0;
  const [from = 0, to = 1] = x.domain();
  const xTicks = Math.max(2, Math.min(to - from, Math.floor(innerW / 70)));
  svg
    .append('g')
    .attr('class', 'axis x-axis')
    .attr('transform', `translate(${MARGIN.left},${MARGIN.top + innerH})`)
    .call(axisBottom(x).ticks(xTicks, 'd').tickSizeOuter(0));
  const gy = svg.append('g').attr('class', 'axis y-axis').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  gy.call(
    axisLeft(y)
      .ticks(Math.max(2, Math.floor(innerH / 30)))
      .tickSizeOuter(0),
  );
  gy.selectAll('.tick line').clone().attr('class', 'grid-line').attr('x2', innerW);
  svg
    .append('text')
    .attr('class', 'axis-label y-label')
    .attr('text-anchor', 'middle')
    .attr('transform', `translate(11,${r2(MARGIN.top + innerH / 2)}) rotate(-90)`)
    .text('surprisal (bits)');
  svg
    .append('text')
    .attr('class', 'axis-label x-label')
    .attr('text-anchor', 'middle')
    .attr('x', r2(MARGIN.left + innerW / 2))
    .attr('y', MARGIN.top + innerH + 32)
    .text('token number in the file');
}

function drawBars(g: Group, tokens: readonly SurprisalToken[], first: number, x: Scale, y: Scale, c: SurprisalColour) {
  const step = x(first + 1) - x(first);
  const width = step >= 4 ? step - 1 : step;
  const bars = g
    .selectAll<SVGRectElement, SurprisalToken>('rect.token-bar')
    .data(tokens)
    .join('rect')
    .attr('class', 'token-bar')
    .attr('data-index', (_, i) => first + i)
    .attr('data-start', (d) => d.start)
    .attr('data-end', (d) => d.end)
    .attr('x', (_, i) => r2(x(first + i)))
    .attr('y', (d) => r2(y(d.surprisal)))
    .attr('width', r2(width))
    .attr('height', (d) => r2(Math.max(0, y(0) - y(d.surprisal))))
    .attr('fill', (d) => c(d.surprisal));
  bars.append('title').text((d, i) => `${showToken(d.text)}\ntoken ${first + i}: ${formatBits(d.surprisal)}`);
  return bars.nodes();
}

function drawMean(svg: Svg, mean: number, y: Scale, innerW: number): void {
  const g = svg
    .append('g')
    .attr('class', 'mean')
    .attr('transform', `translate(${MARGIN.left},${r2(MARGIN.top + y(mean))})`);
  g.append('title').text('The mean surprisal of all the tokens of the file: bars above it are less expected.');
  g.append('line').attr('class', 'mean-line').attr('x2', innerW);
  g.append('text')
    .attr('class', 'mean-label')
    .attr('x', 4)
    .attr('y', -4)
    .text(`file mean ${formatBits(mean)}`);
}

function drawLegend(svg: Svg, colour: SurprisalColour): void {
  const [, hi = 1] = colour.domain();
  const fill = appendGradient(svg, GRADIENT_ID, colour);
  const g = svg.append('g').attr('class', 'legend').attr('transform', `translate(${MARGIN.left},8)`);
  g.append('title').text('Colour of a bar: its surprisal, from 0 bits (expected) to the top 1 % of the file (red).');
  g.append('text').attr('class', 'legend-label').attr('x', 0).attr('y', 9).text('0');
  g.append('rect').attr('x', 12).attr('width', 90).attr('height', 10).attr('fill', fill);
  g.append('text')
    .attr('class', 'legend-label')
    .attr('x', 108)
    .attr('y', 9)
    .text(`≥ ${formatBits(hi)}`);
}

/**
 * Draws tokens `window` of `tokens` into `svgEl` (replacing what was there), `options.width` wide, and returns
 * the bars, indexed from `window.from`; `mean` is the whole file's mean surprisal.
 */
export function drawChart(
  svgEl: SVGSVGElement,
  tokens: readonly SurprisalToken[],
  window: TokenWindow,
  colour: SurprisalColour,
  options: Partial<ChartOptions> & { readonly mean: number },
): SVGRectElement[] {
  const o = { ...DEFAULTS, ...options };
  const shown = tokens.slice(window.from, window.to);
  const innerW = Math.max(10, o.width - MARGIN.left - MARGIN.right);
  const innerH = o.height - MARGIN.top - MARGIN.bottom;
  const top = shown.reduce((m, t) => Math.max(m, t.surprisal), Math.max(1, options.mean));
  const x = scaleLinear()
    .domain([window.from, Math.max(window.from + 1, window.to)])
    .range([0, innerW]);
  const y = scaleLinear().domain([0, top]).nice().range([innerH, 0]);
  const svg = select(svgEl);
  svg.selectChildren().remove();
  svg.attr('width', o.width).attr('height', o.height).attr('viewBox', `0 0 ${o.width} ${o.height}`);
  svg.attr('data-from', window.from).attr('data-to', window.to).attr('data-tokens', tokens.length);
  drawLegend(svg, colour);
  drawAxes(svg, x, y, innerH);
  const g = svg.append('g').attr('class', 'bars').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const bars = drawBars(g, shown, window.from, x, y, colour);
  if (tokens.length > 0) drawMean(svg, options.mean, y, innerW);
  return bars;
}

/** The token under client x `clientX` of a chart drawn by {@link drawChart} for `window`. */
export function tokenAtX(svgEl: SVGSVGElement, window: TokenWindow, clientX: number): number {
  const box = svgEl.getBoundingClientRect();
  const innerW = Math.max(1, box.width - MARGIN.left - MARGIN.right);
  const share = (clientX - box.left - MARGIN.left) / innerW;
  return Math.round(window.from + Math.min(1, Math.max(0, share)) * (window.to - window.from));
}
