/**
 * @file The k chart: k of each prediction along the text, one `path.k-line` per method present
 * (attention k_p and ablation k), with a hover rule and a marker on the `at` token.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { pointer, select, type Selection } from 'd3-selection';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { DependenciesResult, MeasuredMethod } from '../../src/shared/dependencies';
import { STAT_HELP, aggregateHelp, windowStarts } from './explain';

/** One method's k per token. */
export interface KSeries {
  readonly method: MeasuredMethod;
  readonly label: string;
  readonly values: readonly (number | null)[];
  /** What the series measures, for its legend's tooltip. */
  readonly help: string;
}

/** A drawn k chart: where a pointer is, and a mark for one token. */
export interface KChart {
  /** The token under a pointer event, if the pointer is over the plot. */
  indexAt(event: MouseEvent): number | undefined;
  /** Moves the hover rule to token `index` (hidden for undefined). */
  mark(index: number | undefined): void;
}

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

const MARGIN = { top: 18, right: 12, bottom: 34, left: 38 };
const HEIGHT = 180;

/** The k series present in a result, attention first. */
export function kSeries(r: DependenciesResult): KSeries[] {
  const series: KSeries[] = [];
  if (r.kAttention) {
    const help = `${STAT_HELP.kp(r.p)} Attention here: ${aggregateHelp(r)}`;
    series.push({ method: 'attention', label: `attention k (p = ${r.p})`, values: r.kAttention, help });
  }
  const measure = r.ablation?.measure === 'surprisal' ? '|Δ surprisal|' : 'KL';
  const delta = r.ablation ? ` (${measure} > ${r.ablation.delta})` : '';
  const help = STAT_HELP.kDelta(r.ablation?.delta, r.ablation?.measure);
  if (r.kAblation) series.push({ method: 'ablation', label: `ablation k${delta}`, values: r.kAblation, help });
  return series;
}

function drawLegend(svg: Svg, series: readonly KSeries[], right: number): void {
  const g = svg.append('g').attr('class', 'k-legend');
  let x = right;
  for (const s of [...series].reverse()) {
    const item = g.append('g').attr('class', `k-legend-item ${s.method}`);
    item.append('title').text(s.help);
    const text = item.append('text').attr('y', 10).attr('text-anchor', 'end').attr('x', x).text(s.label);
    const w = text.node()?.getComputedTextLength() ?? s.label.length * 6;
    item
      .append('line')
      .attr('class', `k-swatch ${s.method}`)
      .attr('x1', x - w - 22)
      .attr('x2', x - w - 6)
      .attr('y1', 6)
      .attr('y2', 6);
    x -= w + 34;
  }
}

function drawLines(
  svg: Svg,
  series: readonly KSeries[],
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
): void {
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(i))
    .y((v) => y(v ?? 0));
  svg
    .append('g')
    .attr('class', 'k-lines')
    .selectAll('path')
    .data(series)
    .join('path')
    .attr('class', (s) => `k-line ${s.method}`)
    .attr('data-method', (s) => s.method)
    .attr('d', (s) => path(s.values as (number | null)[]));
}

function drawAt(svg: Svg, r: DependenciesResult, x: ScaleLinear<number, number>): void {
  if (!r.at) return;
  svg
    .append('line')
    .attr('class', 'k-at')
    .attr('x1', x(r.at.index))
    .attr('x2', x(r.at.index))
    .attr('y1', MARGIN.top)
    .attr('y2', HEIGHT - MARGIN.bottom)
    .append('title')
    .text(`the token whose dependencies are listed (#${r.at.index})`);
}

/** Dashed rules where a new scoring window starts (the k curve drops there: less context). */
function drawWindows(svg: Svg, r: DependenciesResult, x: ScaleLinear<number, number>): void {
  if (!r.kAttention) return;
  const starts = windowStarts(r.tokens.length, r.window);
  svg
    .append('g')
    .attr('class', 'k-windows')
    .selectAll('line')
    .data(starts)
    .join('line')
    .attr('class', 'k-window')
    .attr('x1', (i) => x(i))
    .attr('x2', (i) => x(i))
    .attr('y1', MARGIN.top)
    .attr('y2', HEIGHT - MARGIN.bottom)
    .append('title')
    .text((i) => `a new scoring window starts at #${i}: predictions from here see only half a window of context`);
}

function drawAxes(root: Svg, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, n: number): void {
  root
    .append('g')
    .attr('class', 'axis x-axis')
    .attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`)
    .call(
      axisBottom(x)
        .ticks(Math.min(10, n, Math.max(2, Math.floor(((x.range()[1] ?? 0) - (x.range()[0] ?? 0)) / 70))))
        .tickFormat((d) => `#${String(d)}`),
    );
  root
    .append('g')
    .attr('class', 'axis y-axis')
    .attr('transform', `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).ticks(5));
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', 4)
    .attr('y', 10)
    .text('k')
    .append('title')
    .text('k: how many earlier tokens each prediction depends on (see the legend)');
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', x.range()[1] ?? 0)
    .attr('y', HEIGHT - 2)
    .attr('text-anchor', 'end')
    .text('token (position in the text) →');
}

/** Draws the k chart of `r` into `svg`, `width` px wide. */
export function drawKChart(svg: SVGSVGElement, r: DependenciesResult, width: number): KChart {
  const root: Svg = select(svg);
  root.selectAll('*').remove();
  svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(HEIGHT));
  const series = kSeries(r);
  const n = Math.max(1, r.tokens.length);
  const top = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const x = scaleLinear()
    .domain([0, Math.max(1, n - 1)])
    .range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear()
    .domain([0, top])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  drawAxes(root, x, y, n);
  drawWindows(root, r, x);
  drawAt(root, r, x);
  drawLines(root, series, x, y);
  drawLegend(root, series, width - MARGIN.right);
  const rule = root
    .append('line')
    .attr('class', 'k-rule')
    .attr('visibility', 'hidden')
    .attr('y1', MARGIN.top)
    .attr('y2', HEIGHT - MARGIN.bottom);
  return {
    indexAt(event) {
      const [px, py] = pointer(event, svg);
      if (px < MARGIN.left - 4 || px > width - MARGIN.right + 4 || py < MARGIN.top - 4 || py > HEIGHT) return undefined;
      return Math.max(0, Math.min(r.tokens.length - 1, Math.round(x.invert(px))));
    },
    mark(index) {
      rule.attr('visibility', index === undefined ? 'hidden' : 'visible');
      if (index !== undefined) rule.attr('x1', x(index)).attr('x2', x(index));
    },
  };
}
