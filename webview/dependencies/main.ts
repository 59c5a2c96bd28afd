/**
 * @file Entry of the attention-sparsity view (bundled to `dist/webview/dependencies.js` and `.css`):
 * how many earlier tokens each prediction depends on (k) and which, as a k chart along the text,
 * a layer × head grid, a zoomable attention map and the ranked dependencies of one token. Runs in a
 * VS Code webview (data by `postMessage`) and in an HTML report (data in `#model-lens-data`).
 */
import '../shared/base.css';
import './style.css';
import { dependenciesRequest, type DependenciesResult } from '../../src/shared/dependencies';
import { exportCanvasPng, exportSvgStack } from '../shared/exportCanvas';
import { mountView, renderer, type MountedView } from '../shared/mountView';
import { renderAt } from './atPanel';
import { tokenLabel } from './format';
import { drawHeadGrid } from './headGrid';
import type { GridStat } from './explain';
import { drawKChart, type KChart } from './kChart';
import { kTooltip, mapReadout, renderSummary } from './readouts';
import { gridStatHelp, kChartHelp, statsLine } from './explain';
import { createLinesPanel } from './linesPanel';
import { showToken } from '../../src/shared/tokenText';
import { createMapCanvas, type MapCell } from './mapCanvas';
import { mapSource, type MapFilter } from './mapSource';
import { byId, placeTooltip } from '../shared/dom';
import { DEPENDENCIES_BODY } from './body';

// The body is in the page already (webview HTML, report); mount it when a host left it out, before
// reading its elements: mountView may redraw a saved result at once, which needs them.
if (document.getElementById('app') === null) document.body.insertAdjacentHTML('afterbegin', DEPENDENCIES_BODY);
const els = {
  summary: byId('summary', HTMLElement),
  kAlong: byId('k-along', SVGSVGElement),
  gridStat: byId('grid-stat', HTMLSelectElement),
  grid: byId('head-grid', SVGSVGElement),
  at: byId('at', HTMLElement),
  atTitle: byId('at-title', HTMLElement),
  atLists: byId('at-lists', HTMLElement),
  layer: byId('layer', HTMLSelectElement),
  head: byId('head', HTMLSelectElement),
  mapLabel: byId('map-source', HTMLElement),
  mapReset: byId('map-reset', HTMLButtonElement),
  canvas: byId('map-canvas', HTMLCanvasElement),
  readout: byId('map-readout', HTMLElement),
  tooltip: byId('tooltip', HTMLElement),
  statsHelp: byId('stats-help', HTMLElement),
  kHelp: byId('k-help', HTMLElement),
  gridStatHelp: byId('grid-stat-help', HTMLElement),
};

interface Shown {
  readonly result: DependenciesResult;
  filter: MapFilter;
  kChart: KChart | undefined;
}
let shown: Shown | undefined;

function reveal(start: number, end: number): void {
  view.host.post({ type: 'reveal', start, end });
}

function revealToken(index: number): void {
  const t = shown?.result.tokens[index];
  if (t) reveal(t.start, t.end);
}

/** A map axis label: the index, or zoomed in, `#12 foo` (rows) or the token's text (columns). */
function axisLabel(index: number, withText: boolean, axis: 'row' | 'col'): string {
  if (!shown || !withText || index < 0) return index < 0 ? 'BOS' : String(index);
  return axis === 'row' ? tokenLabel(shown.result, index, 8) : showToken(shown.result.tokens[index]?.text ?? '', 5);
}

const lines = createLinesPanel((index) => revealToken(index));

const map = createMapCanvas(els.canvas, {
  label: axisLabel,
  hover(cell) {
    if (shown)
      els.readout.textContent = cell ? mapReadout(shown.result, cell) : (els.readout.dataset['selected'] ?? '');
  },
  click(cell: MapCell) {
    if (!shown) return;
    map.select(cell);
    const text = `Selected: ${mapReadout(shown.result, cell)}`;
    els.readout.dataset['selected'] = text;
    els.readout.textContent = text;
    revealToken(cell.key);
  },
});

function widthOf(el: Element, fallback: number): number {
  return Math.max(200, el.parentElement?.clientWidth ?? fallback);
}

function drawGrid(): void {
  if (!shown) return;
  const stat = (els.gridStat.value || 'meanK') as GridStat;
  const f = shown.filter;
  const selected = f.layer !== 'all' && f.head !== 'all' ? { layer: f.layer, head: f.head } : undefined;
  drawHeadGrid(els.grid, shown.result, stat, widthOf(els.grid, 320), selected);
  els.gridStatHelp.textContent = gridStatHelp(stat, shown.result.p);
  els.gridStat.title = els.gridStatHelp.textContent;
}

function fillSelect(select: HTMLSelectElement, count: number, word: string, enabled: boolean): void {
  const all = new Option('all (mean)', 'all', true, true);
  select.replaceChildren(all, ...Array.from({ length: count }, (_, i) => new Option(`${word} ${i}`, String(i))));
  select.disabled = !enabled;
  select.title = enabled ? '' : 'This result has no per-head maps (run with maps to get them).';
}

/** Shows the map for `filter`, keeping the selects and the grid's selected cell in step. */
function setFilter(filter: MapFilter): void {
  if (!shown) return;
  shown.filter = filter;
  els.layer.value = String(filter.layer);
  els.head.value = String(filter.head);
  const source = mapSource(shown.result, filter);
  els.mapLabel.textContent = source ? source.label : 'No attention map in this result.';
  delete els.readout.dataset['selected'];
  map.show(source);
  drawGrid();
}

function readFilter(): MapFilter {
  const value = (s: HTMLSelectElement): number | 'all' => (s.value === 'all' ? 'all' : Number(s.value));
  return { layer: value(els.layer), head: value(els.head) };
}

function showDependencies(r: DependenciesResult): void {
  shown = { result: r, filter: { layer: 'all', head: 'all' }, kChart: undefined };
  renderSummary(els.summary, r);
  els.statsHelp.textContent = statsLine(r);
  els.statsHelp.hidden = els.statsHelp.textContent === '';
  els.kHelp.textContent = kChartHelp(r);
  document.title = `Token dependencies · ${r.source}`;
  const dense = r.windowMaps !== undefined && r.layers > 0 && r.heads > 0;
  fillSelect(els.layer, r.layers, 'layer', dense);
  fillSelect(els.head, r.heads, 'head', dense);
  shown.kChart = drawKChart(els.kAlong, r, widthOf(els.kAlong, 900));
  renderAt(els.at, els.atLists, els.atTitle, r);
  setFilter(shown.filter);
  lines.show(r);
}

/** Forgets the result (Clear Decorations): the view shows its waiting state again. */
function clearView(): void {
  shown = undefined;
  els.summary.textContent = 'Waiting for token dependencies…';
  els.statsHelp.hidden = true;
  els.kHelp.textContent = '';
  lines.clear();
  els.tooltip.hidden = true;
  for (const svg of [els.kAlong, els.grid]) svg.replaceChildren();
  els.at.hidden = true;
  els.atLists.replaceChildren();
  fillSelect(els.layer, 0, 'layer', false);
  fillSelect(els.head, 0, 'head', false);
  els.mapLabel.textContent = '';
  delete els.readout.dataset['selected'];
  els.readout.textContent = 'Hover the map to read a weight; click to show the key token.';
  map.show(undefined);
}

function onKPointer(event: MouseEvent): void {
  const index = shown?.kChart?.indexAt(event);
  shown?.kChart?.mark(index);
  if (!shown || index === undefined) {
    els.tooltip.hidden = true;
    return;
  }
  if (event.type === 'click') {
    revealToken(index);
    map.focusToken(index);
  }
  els.tooltip.textContent = kTooltip(shown.result, index);
  placeTooltip(els.tooltip, event.clientX, event.clientY);
}

function onGridEvent(event: Event): void {
  const cell = (event.target as Element | null)?.closest<SVGRectElement>('rect.head-cell');
  if (!cell || (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== ' ')) return;
  event.preventDefault();
  setFilter({ layer: Number(cell.dataset['layer']), head: Number(cell.dataset['head']) });
  lines.select(Number(cell.dataset['layer']), Number(cell.dataset['head']));
}

function onAtEvent(event: Event): void {
  const li = (event.target as Element | null)?.closest<HTMLElement>('li.dependency');
  if (!li || (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== ' ')) return;
  event.preventDefault();
  for (const el of els.atLists.querySelectorAll('li.dependency.selected')) el.classList.remove('selected');
  li.classList.add('selected');
  reveal(Number(li.dataset['start']), Number(li.dataset['end']));
}

function onResize(): void {
  if (!shown) return;
  shown.kChart = drawKChart(els.kAlong, shown.result, widthOf(els.kAlong, 900));
  drawGrid();
  map.resize();
  lines.resize();
}

function start(): MountedView {
  for (const type of ['mousemove', 'click']) els.kAlong.addEventListener(type, (e) => onKPointer(e as MouseEvent));
  els.kAlong.addEventListener('mouseleave', () => {
    shown?.kChart?.mark(undefined);
    els.tooltip.hidden = true;
  });
  for (const type of ['click', 'keydown']) {
    els.grid.addEventListener(type, onGridEvent);
    els.atLists.addEventListener(type, onAtEvent);
  }
  els.gridStat.addEventListener('change', drawGrid);
  els.layer.addEventListener('change', () => setFilter(readFilter()));
  els.head.addEventListener('change', () => setFilter(readFilter()));
  els.mapReset.addEventListener('click', () => map.reset());
  let timer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(onResize, 150);
  });
  return mountView({
    view: 'dependencies',
    renderers: [renderer(dependenciesRequest, showDependencies)],
    chart: () => (shown === undefined ? undefined : els.grid),
    exportImage: (format, stem) =>
      format === 'png' ? exportCanvasPng(els.canvas, stem) : exportSvgStack([els.grid, els.kAlong], stem),
    beforeExport: () => (els.tooltip.hidden = true),
    onClear: clearView,
  });
}

const view = start();
