/**
 * @file Entry of the surprisal view (bundled to `dist/webview/surprisal.js` and `.css`). It runs in a
 * VS Code webview (data by `postMessage`) and in the CLI's HTML report (data in `#model-lens-data`).
 */
import '../shared/base.css';
import './style.css';
import type { ShowSurprisalNotification, StatusNotification, ToWebview } from '../../src/shared/protocol';
import { VIEW_BODY } from '../../src/core/report/viewBody';
import { createHost, type ExportFile } from '../shared/vscodeApi';
import { exportChart, exportStem } from '../shared/export';
import { drawChart, drawStickyAxis } from './chart';
import { surprisalColour, type SurprisalColour } from './colour';
import { summaryText } from './format';
import { bindTokenEvents } from './interact';
import { drawStrip } from './strip';
import { showDependencySummary } from './dependencySummary';
import { hideTooltip, showTooltip } from './tooltip';
import { byId, showStatusIn } from '../shared/dom';

interface Elements {
  readonly summary: HTMLElement;
  readonly status: HTMLElement;
  readonly scroll: HTMLElement;
  readonly chart: SVGSVGElement;
  readonly yAxis: SVGSVGElement;
  readonly strip: HTMLElement;
  readonly tooltip: HTMLElement;
  readonly exports: readonly HTMLButtonElement[];
}

interface Shown {
  readonly message: ShowSurprisalNotification;
  readonly colour: SurprisalColour;
  bars: SVGRectElement[];
  spans: HTMLElement[];
  hovered: number | undefined;
  selected: number | undefined;
  drawnWidth: number;
}

const FORMATS: readonly ExportFile['format'][] = ['svg', 'png', 'json'];

/** Finds the view's containers, mounting the standard body first when the host left it out. */
function mount(): Elements {
  if (!document.getElementById('surprisal-chart')) document.body.insertAdjacentHTML('afterbegin', VIEW_BODY);
  return {
    summary: byId('summary', HTMLElement),
    status: byId('status', HTMLElement),
    scroll: byId('chart-scroll', HTMLElement),
    chart: byId('surprisal-chart', SVGSVGElement),
    yAxis: byId('chart-y-axis', SVGSVGElement),
    strip: byId('token-text', HTMLElement),
    tooltip: byId('tooltip', HTMLElement),
    exports: FORMATS.map((f) => byId(`export-${f}`, HTMLButtonElement)),
  };
}

const els = mount();
const host = createHost();
let shown: Shown | undefined;

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
  s.bars = drawChart(els.chart, s.message.result, s.colour, { width: s.drawnWidth });
  if (s.selected !== undefined) s.bars[s.selected]?.classList.add('selected');
  drawStickyAxis(els.yAxis, els.chart, els.scroll.clientWidth);
}

function pinAxis(): void {
  els.yAxis.classList.toggle('visible', els.scroll.scrollLeft > 0);
}

function showSurprisal(message: ShowSurprisalNotification): void {
  hideTooltip(els.tooltip);
  const colour = surprisalColour(message.result.tokens);
  shown = { message, colour, bars: [], spans: [], hovered: undefined, selected: undefined, drawnWidth: 0 };
  redrawChart(shown);
  shown.spans = drawStrip(els.strip, message.result.tokens, colour);
  els.summary.textContent = summaryText(message.result, message.source);
  document.title = `Surprisal · ${message.source}`;
  if (els.status.dataset['state'] === 'running') showStatus({ type: 'status', state: 'idle', message: '' });
  pinAxis();
  for (const button of els.exports) button.disabled = false;
}

function showStatus(message: StatusNotification): void {
  showStatusIn(els.status, message);
}

function onMessage(message: ToWebview): void {
  if (message.type === 'showSurprisal') showSurprisal(message);
  else if (message.type === 'status') showStatus(message);
  else if (message.type === 'showDependencies') showDependencySummary(message.result);
}

function hover(index: number, event: MouseEvent): void {
  const token = shown?.message.result.tokens[index];
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
  const token = shown?.message.result.tokens[index];
  if (!shown || !token) return;
  mark(shown.selected, 'selected', false);
  shown.selected = index;
  mark(index, 'selected', true);
  const other = from === 'chart' ? shown.spans[index] : shown.bars[index];
  other?.scrollIntoView({ block: 'nearest', inline: 'center' });
  host.post({ type: 'reveal', start: token.start, end: token.end });
}

async function exportAs(format: ExportFile['format']): Promise<void> {
  if (!shown) return;
  leave();
  try {
    const stem = exportStem(shown.message.source, 'surprisal');
    host.save(await exportChart(format, els.chart, shown.message.result, stem));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    showStatus({ type: 'status', state: 'error', message: `Export failed: ${text}` });
  }
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
  els.exports.forEach((button, i) => {
    const format = FORMATS[i];
    if (format) button.addEventListener('click', () => void exportAs(format));
  });
  els.scroll.addEventListener('scroll', pinAxis, { passive: true });
  watchWidth();
  host.start(onMessage);
}

start();
