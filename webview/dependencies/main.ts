/**
 * @file Entry of the attention-sparsity view (bundled to `dist/webview/dependencies.js` and `.css`):
 * how many earlier tokens each prediction depends on (k) and which, as a k chart along the text,
 * a layer × head grid, a zoomable attention map and the ranked dependencies of one token. Runs in a
 * VS Code webview (data by `postMessage`) and in an HTML report (data in `#model-lens-data`).
 */
import '../shared/base.css';
import './style.css';
import type { StatusNotification, ToWebview } from '../../src/shared/protocol';
import type { DependenciesResult } from '../../src/shared/results';
import { DEPENDENCIES_BODY } from '../../src/core/report/dependenciesBody';
import { exportStem } from '../shared/export';
import { exportCanvasPng, exportSvgStack } from '../shared/exportCanvas';
import { createHost, type ExportFile } from '../shared/vscodeApi';
import { renderAt } from './atPanel';
import { tokenLabel } from './format';
import { drawHeadGrid, type GridStat } from './headGrid';
import { drawKChart, type KChart } from './kChart';
import { kTooltip, mapReadout, placeTooltip, renderSummary } from './readouts';
import { createMapCanvas, type MapCell } from './mapCanvas';
import { mapSource, type MapFilter } from './mapSource';
import { byId, showStatusIn } from '../shared/dom';

const FORMATS: readonly ExportFile['format'][] = ['svg', 'png', 'json'];

/** Mounts {@link DEPENDENCIES_BODY} (in place of any other view's body) when the host left it out. */
function mount(): void {
  if (document.getElementById('map-canvas')) return;
  document.getElementById('app')?.remove();
  document.body.insertAdjacentHTML('afterbegin', DEPENDENCIES_BODY);
}

mount();
const els = {
  summary: byId('summary', HTMLElement),
  status: byId('status', HTMLElement),
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
  exports: FORMATS.map((f) => byId(`export-${f}`, HTMLButtonElement)),
};
const host = createHost();

interface Shown {
  readonly result: DependenciesResult;
  filter: MapFilter;
  kChart: KChart | undefined;
}
let shown: Shown | undefined;

function reveal(start: number, end: number): void {
  host.post({ type: 'reveal', start, end });
}

function revealToken(index: number): void {
  const t = shown?.result.tokens[index];
  if (t) reveal(t.start, t.end);
}

const map = createMapCanvas(els.canvas, {
  label: (index, withText) => (shown && withText ? tokenLabel(shown.result, index, 8) : index < 0 ? 'BOS' : String(index)),
  hover(cell) {
    if (shown) els.readout.textContent = cell ? mapReadout(shown.result, cell) : els.readout.dataset['selected'] ?? '';
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
  return Math.max(240, el.parentElement?.clientWidth ?? fallback);
}

function drawGrid(): void {
  if (!shown) return;
  const stat = (els.gridStat.value || 'meanK') as GridStat;
  const f = shown.filter;
  const selected = f.layer !== 'all' && f.head !== 'all' ? { layer: f.layer, head: f.head } : undefined;
  drawHeadGrid(els.grid, shown.result, stat, widthOf(els.grid, 320), selected);
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
  document.title = `Token dependencies · ${r.source}`;
  const dense = r.windowMaps !== undefined && r.layers > 0 && r.heads > 0;
  fillSelect(els.layer, r.layers, 'layer', dense);
  fillSelect(els.head, r.heads, 'head', dense);
  shown.kChart = drawKChart(els.kAlong, r, widthOf(els.kAlong, 900));
  renderAt(els.at, els.atLists, els.atTitle, r);
  setFilter(shown.filter);
  els.exports.forEach((b) => (b.disabled = false));
  if (els.status.dataset['state'] === 'running') showStatus({ type: 'status', state: 'idle', message: '' });
}

function showStatus(message: StatusNotification): void {
  showStatusIn(els.status, message);
}

function onMessage(message: ToWebview): void {
  if (message.type === 'showDependencies') showDependencies(message.result);
  else if (message.type === 'status') showStatus(message);
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
  placeTooltip(els.tooltip, event);
}

function onGridEvent(event: Event): void {
  const cell = (event.target as Element | null)?.closest<SVGRectElement>('rect.head-cell');
  if (!cell || (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== ' ')) return;
  event.preventDefault();
  setFilter({ layer: Number(cell.dataset['layer']), head: Number(cell.dataset['head']) });
}

function onAtEvent(event: Event): void {
  const li = (event.target as Element | null)?.closest<HTMLElement>('li.dependency');
  if (!li || (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== ' ')) return;
  event.preventDefault();
  for (const el of els.atLists.querySelectorAll('li.dependency.selected')) el.classList.remove('selected');
  li.classList.add('selected');
  reveal(Number(li.dataset['start']), Number(li.dataset['end']));
}

function exportAs(format: ExportFile['format']): void {
  if (!shown) return;
  const stem = exportStem(shown.result.source, 'dependencies');
  try {
    if (format === 'json') host.save({ format, data: JSON.stringify(shown.result, null, 2), suggestedName: `${stem}.json` });
    else if (format === 'png') host.save(exportCanvasPng(els.canvas, stem));
    else host.save(exportSvgStack([els.grid, els.kAlong], stem));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    showStatus({ type: 'status', state: 'error', message: `Export failed: ${text}` });
  }
}

function onResize(): void {
  if (!shown) return;
  shown.kChart = drawKChart(els.kAlong, shown.result, widthOf(els.kAlong, 900));
  drawGrid();
  map.resize();
}

function start(): void {
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
  els.exports.forEach((button) => {
    const format = FORMATS.find((f) => f === button.dataset['format']);
    if (format) button.addEventListener('click', () => exportAs(format));
  });
  host.start(onMessage);
}

start();
