/**
 * @file Entry of the surprisal view (bundled to `dist/webview/surprisal.js` and `.css`). It runs in a
 * VS Code webview (data by `postMessage`) and in the CLI's HTML report (data in `#model-lens-data`).
 */
import '../shared/base.css';
import './style.css';
import { surprisalRequest, type SurprisalResult } from '../../src/shared/surprisal';
import { dependenciesRequest } from '../../src/shared/dependencies';
import { mountView, renderer } from '../shared/mountView';
import { drawChart, drawStickyAxis } from './chart';
import { surprisalColour, type SurprisalColour } from './colour';
import { summaryText } from './format';
import { bindTokenEvents } from './interact';
import { drawStrip } from './strip';
import { showDependencySummary } from './dependencySummary';
import { hideTooltip, showTooltip } from './tooltip';
import { byId } from '../shared/dom';

interface Elements {
  readonly summary: HTMLElement;
  readonly scroll: HTMLElement;
  readonly chart: SVGSVGElement;
  readonly yAxis: SVGSVGElement;
  readonly strip: HTMLElement;
  readonly tooltip: HTMLElement;
}

interface Shown {
  readonly result: SurprisalResult;
  readonly colour: SurprisalColour;
  bars: SVGRectElement[];
  spans: HTMLElement[];
  hovered: number | undefined;
  selected: number | undefined;
  drawnWidth: number;
}

function elements(): Elements {
  return {
    summary: byId('summary', HTMLElement),
    scroll: byId('chart-scroll', HTMLElement),
    chart: byId('surprisal-chart', SVGSVGElement),
    yAxis: byId('chart-y-axis', SVGSVGElement),
    strip: byId('token-text', HTMLElement),
    tooltip: byId('tooltip', HTMLElement),
  };
}

let shown: Shown | undefined;
const view = mountView({
  view: 'surprisal',
  renderers: [renderer(surprisalRequest, showSurprisal), renderer(dependenciesRequest, showDependencySummary)],
  chart: () => (shown === undefined ? undefined : els.chart),
  beforeExport: () => leave(),
  onClear: clearView,
});
const els = elements();

function chartWidth(): number {
  return Math.max(320, els.scroll.clientWidth || 800);
}

function mark(index: number | undefined, className: string, on: boolean): void {
  if (!shown || index === undefined) return;
  shown.bars[index]?.classList.toggle(className, on);
  shown.spans[index]?.classList.toggle(className, on);
}

function redrawChart(s: Shown): void {
  s.drawnWidth = chartWidth();
  s.bars = drawChart(els.chart, s.result, s.colour, { width: s.drawnWidth });
  if (s.selected !== undefined) s.bars[s.selected]?.classList.add('selected');
  drawStickyAxis(els.yAxis, els.chart, els.scroll.clientWidth);
}

function pinAxis(): void {
  els.yAxis.classList.toggle('visible', els.scroll.scrollLeft > 0);
}

function showSurprisal(result: SurprisalResult, source: string | undefined): void {
  hideTooltip(els.tooltip);
  const colour = surprisalColour(result.tokens);
  shown = { result, colour, bars: [], spans: [], hovered: undefined, selected: undefined, drawnWidth: 0 };
  redrawChart(shown);
  shown.spans = drawStrip(els.strip, result.tokens, colour);
  els.summary.textContent = summaryText(result, source ?? '');
  document.title = `Surprisal · ${source ?? ''}`;
  pinAxis();
}

function clearView(): void {
  shown = undefined;
  hideTooltip(els.tooltip);
  els.chart.replaceChildren();
  els.yAxis.replaceChildren();
  els.strip.replaceChildren();
  document.getElementById('dependency-summary')?.remove();
  els.summary.textContent = 'Waiting for an analysis…';
}

function hover(index: number, event: MouseEvent): void {
  const token = shown?.result.tokens[index];
  if (!shown || !token) return;
  if (shown.hovered !== index) {
    mark(shown.hovered, 'hovered', false);
    shown.hovered = index;
    mark(index, 'hovered', true);
  }
  showTooltip(els.tooltip, token, index, { x: event.clientX, y: event.clientY });
}

function leave(): void {
  if (shown) mark(shown.hovered, 'hovered', false);
  if (shown) shown.hovered = undefined;
  hideTooltip(els.tooltip);
}

function select(index: number, from: 'chart' | 'strip'): void {
  const token = shown?.result.tokens[index];
  if (!shown || !token) return;
  mark(shown.selected, 'selected', false);
  shown.selected = index;
  mark(index, 'selected', true);
  const other = from === 'chart' ? shown.spans[index] : shown.bars[index];
  other?.scrollIntoView({ block: 'nearest', inline: 'center' });
  view.host.post({ type: 'reveal', start: token.start, end: token.end });
}

function watchWidth(): void {
  let pending = false;
  new ResizeObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (shown && Math.abs(chartWidth() - shown.drawnWidth) > 1) redrawChart(shown);
    });
  }).observe(els.scroll);
}

function start(): void {
  bindTokenEvents(els.chart, { hover, leave, select: (i) => select(i, 'chart') });
  bindTokenEvents(els.strip, { hover, leave, select: (i) => select(i, 'strip') });
  els.scroll.addEventListener('scroll', pinAxis, { passive: true });
  watchWidth();
}

start();
