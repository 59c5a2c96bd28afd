/**
 * @file Entry of the surprisal view (bundled to `dist/webview/surprisal.js` and `.css`). It runs in a
 * VS Code webview (data by `postMessage`) and in the CLI's HTML report (data in `#model-lens-data`).
 * The overview strip shows the whole file; the detail chart and the token text show a window of it that
 * fits the panel; the most surprising lines are listed; an empty panel offers buttons that start analyses.
 */
import '../shared/base.css';
import './style.css';
import { surprisalRequest, type SurprisalResult } from '../../src/shared/surprisal';
import { dependenciesRequest, type DependenciesResult } from '../../src/shared/dependencies';
import { RUN_COMMAND_ACTION } from '../../src/shared/messages';
import { mountView, renderer } from '../shared/mountView';
import { exportSvgStack, exportSvgStackPng } from '../shared/exportCanvas';
import { drawChart, MARGIN } from './chart';
import { surprisalColour, type SurprisalColour } from './colour';
import { BITS_PER_BYTE_HELP, summaryText } from './format';
import { bindTokenEvents } from './interact';
import { lineStats, topLines, type LineStat } from './lines';
import { bindNavigation } from './navigation';
import { drawOverview, type Overview } from './overview';
import { drawStrip } from './strip';
import { showDependencySummary } from './dependencySummary';
import { drawTopLines } from './topLines';
import { hideTooltip, showTooltip } from './tooltip';
import { centreWindow, clampWindow, maxWindow, type TokenWindow } from './viewport';
import { byId } from '../shared/dom';

interface Shown {
  readonly result: SurprisalResult;
  readonly colour: SurprisalColour;
  readonly values: readonly number[];
  readonly mean: number;
  window: TokenWindow;
  overview: Overview | undefined;
  bars: SVGRectElement[];
  spans: HTMLElement[];
  hovered: number | undefined;
  selected: number | undefined;
  drawnWidth: number;
}

const els = {
  summary: byId('summary', HTMLElement),
  empty: byId('empty-state', HTMLElement),
  emptyText: byId('empty-text', HTMLElement),
  section: byId('surprisal-section', HTMLElement),
  overview: byId('surprisal-overview', SVGSVGElement),
  chartBox: byId('chart-box', HTMLElement),
  chart: byId('surprisal-chart', SVGSVGElement),
  windowLabel: byId('window-label', HTMLElement),
  topLines: byId('top-lines', HTMLElement),
  strip: byId('token-text', HTMLElement),
  tooltip: byId('tooltip', HTMLElement),
};

let shown: Shown | undefined;
const view = mountView({
  view: 'surprisal',
  renderers: [renderer(surprisalRequest, showSurprisal), renderer(dependenciesRequest, showDependencies)],
  chart: () => (shown === undefined ? undefined : els.chart),
  exportImage: (format, stem) =>
    format === 'svg'
      ? exportSvgStack([els.overview, els.chart], stem)
      : exportSvgStackPng([els.overview, els.chart], stem),
  beforeExport: () => leave(),
  onClear: clearView,
});

function panelWidth(): number {
  return Math.max(200, Math.floor(els.chartBox.clientWidth || 800));
}

function largest(): number {
  return maxWindow(panelWidth() - MARGIN.left - MARGIN.right);
}

function mark(index: number | undefined, className: string, on: boolean): void {
  if (!shown || index === undefined) return;
  shown.bars[index - shown.window.from]?.classList.toggle(className, on);
  shown.spans[index - shown.window.from]?.classList.toggle(className, on);
}

/** Draws the chart, the frame on the overview and the token text for the current window. */
function drawDetail(s: Shown): void {
  const { tokens } = s.result;
  s.window = clampWindow(s.window, tokens.length, largest());
  s.overview?.frame(s.window);
  s.bars = drawChart(els.chart, tokens, s.window, s.colour, { width: s.drawnWidth, mean: s.mean });
  s.spans = drawStrip(els.strip, tokens.slice(s.window.from, s.window.to), s.colour, s.window.from);
  s.hovered = undefined;
  mark(s.selected, 'selected', true);
  const last = Math.max(s.window.from, s.window.to - 1);
  els.windowLabel.textContent = `tokens ${s.window.from}–${last} of ${tokens.length}`;
}

function redraw(s: Shown): void {
  s.drawnWidth = panelWidth();
  s.overview = drawOverview(els.overview, s.values, s.drawnWidth);
  drawDetail(s);
}

function setWindow(w: TokenWindow): void {
  if (!shown) return;
  shown.window = w;
  drawDetail(shown);
}

function showSurprisal(result: SurprisalResult, source: string | undefined): void {
  hideTooltip(els.tooltip);
  const values = result.tokens.map((t) => t.surprisal);
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const colour = surprisalColour(result.tokens);
  const window = { from: 0, to: result.tokens.length };
  const s: Shown = {
    ...{ result, colour, values, mean, window, overview: undefined, bars: [], spans: [], drawnWidth: 0 },
    ...{ hovered: undefined, selected: undefined },
  };
  shown = s;
  els.empty.hidden = true;
  els.section.hidden = false;
  redraw(s);
  drawTopLines(els.topLines, topLines(lineStats(result.tokens)), pickLine, result.offset > 0);
  els.summary.textContent = summaryText(result, source ?? '');
  els.summary.title = BITS_PER_BYTE_HELP;
  document.title = `Surprisal · ${source ?? ''}`;
}

function showDependencies(result: DependenciesResult, source: string | undefined): void {
  showDependencySummary(result);
  if (shown !== undefined) return;
  els.summary.textContent = `${source ?? result.source}: token dependencies`;
  els.emptyText.textContent = `No surprisal of ${source ?? result.source} yet:`;
}

function clearView(source?: string): void {
  shown = undefined;
  hideTooltip(els.tooltip);
  els.chart.replaceChildren();
  els.overview.replaceChildren();
  els.strip.replaceChildren();
  els.topLines.replaceChildren();
  document.getElementById('dependency-summary')?.remove();
  els.section.hidden = true;
  els.empty.hidden = view.host.kind === 'report';
  els.summary.textContent = source === undefined ? 'No analysis yet' : `${source}: no analysis yet`;
  els.summary.removeAttribute('title');
  els.emptyText.textContent =
    source === undefined ? 'Open a file, then start an analysis.' : `Start an analysis of ${source}:`;
}

function pickLine(line: LineStat): void {
  if (!shown) return;
  if (line.first < shown.window.from || line.first >= shown.window.to) {
    setWindow(centreWindow(shown.window, line.first, shown.result.tokens.length, largest()));
  }
  view.host.post({ type: 'reveal', start: line.start, end: Math.max(line.start, line.end) });
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
  if (from === 'chart') shown.spans[index - shown.window.from]?.scrollIntoView({ block: 'nearest' });
  view.host.post({ type: 'reveal', start: token.start, end: token.end });
}

function watchWidth(): void {
  let pending = false;
  new ResizeObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (shown && Math.abs(panelWidth() - shown.drawnWidth) > 1) redraw(shown);
    });
  }).observe(els.chartBox);
}

function start(): void {
  bindTokenEvents(els.chart, { hover, leave, select: (i) => select(i, 'chart') });
  bindTokenEvents(els.strip, { hover, leave, select: (i) => select(i, 'strip') });
  for (const button of els.empty.querySelectorAll<HTMLButtonElement>('button[data-command]')) {
    const command = button.dataset['command'] ?? '';
    button.addEventListener('click', () =>
      view.host.post({ type: 'action', action: RUN_COMMAND_ACTION, arg: command }),
    );
  }
  bindNavigation(els.chart, els.overview, {
    window: () => shown?.window,
    tokens: () => shown?.result.tokens.length ?? 0,
    largest,
    overview: () => shown?.overview,
    show: setWindow,
  });
  watchWidth();
  clearView();
}

start();
