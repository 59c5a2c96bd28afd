/**
 * @file Entry of the Kronecker view (bundled to `dist/webview/kronecker.js` and `.css`): one line saying what the
 * analysis found, each layer's three cosines to H as grouped bars with a table of the numbers, and for the selected
 * layer the power-iteration convergence and the spectra of L and R. SVG and PNG export the charts stacked.
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import { kronAnalyzeRequest, type KronResult } from '../../src/shared/kronecker';
import { byId } from '../shared/dom';
import { exportSvgStack, exportSvgStackPng } from '../shared/exportCanvas';
import { mountView, renderer } from '../shared/mountView';
import { drawCosines } from './bars';
import { drawConvergence, drawSpectra } from './charts';
import { convergenceNote, hNormNote, reading, spectraNote } from './data';
import { HELP } from './help';
import { renderTable } from './table';

const els = {
  summary: byId('summary', HTMLElement),
  reading: byId('reading', HTMLElement),
  cosines: byId('cosines-chart', SVGSVGElement),
  table: byId('layers-table', HTMLTableElement),
  layer: byId('layer-select', HTMLSelectElement),
  layerLabel: byId('layer-label', HTMLLabelElement),
  hNote: byId('h-note', HTMLElement),
  convergence: byId('convergence-chart', SVGSVGElement),
  convergenceNote: byId('convergence-note', HTMLElement),
  spectra: byId('spectra-chart', SVGSVGElement),
  spectraNote: byId('spectra-note', HTMLElement),
};

let shown: KronResult | undefined;
let selected = 0;

const charts = (): SVGSVGElement[] =>
  [els.cosines, els.convergence, els.spectra].filter((s) => shown !== undefined && s.childElementCount > 0);

mountView({
  view: 'kronecker',
  renderers: [renderer(kronAnalyzeRequest, show)],
  chart: () => (shown === undefined ? undefined : els.cosines),
  exportImage: (format, stem) =>
    format === 'svg' ? exportSvgStack(charts(), stem) : exportSvgStackPng(charts(), stem),
  onClear: clear,
});

function select(i: number): void {
  if (shown === undefined || i < 0 || i >= shown.layers.length) return;
  selected = i;
  els.layer.value = String(i);
  draw();
}

els.layer.addEventListener('change', () => select(Number(els.layer.value)));

function summaryText(r: KronResult): string {
  const labels = r.labels === undefined ? '' : `, ${r.labels === 'true' ? 'labels from the text' : 'sampled labels'}`;
  const layers = r.layers.length === 1 ? '1 layer' : `${r.layers.length} layers`;
  const file =
    r.source
      .split(/[\\/]/u)
      .filter((p) => p !== '')
      .pop() ?? r.source;
  const what = r.model === undefined ? file : `${r.model} on ${file}`;
  return `Kronecker preconditioner of ${what}: ${layers}${labels}`;
}

function draw(): void {
  const r = shown;
  const l = r?.layers[selected];
  if (r === undefined || l === undefined) return;
  els.reading.textContent = reading(r, selected);
  drawCosines(els.cosines, r, chartWidth(), selected, select);
  renderTable(els.table, r, selected, select);
  els.hNote.textContent = hNormNote(l);
  drawConvergence(els.convergence, l);
  els.convergenceNote.textContent = convergenceNote(l);
  drawSpectra(els.spectra, l);
  els.spectraNote.textContent = spectraNote(l);
}

const chartWidth = (): number => Math.max(240, Math.floor(els.cosines.parentElement?.clientWidth ?? 640));

function show(r: KronResult): void {
  shown = r;
  if (selected >= r.layers.length) selected = 0;
  els.summary.textContent = summaryText(r);
  els.summary.title = r.labels === undefined ? `Gradients from ${r.source}` : `${r.source}. ${HELP.labels[r.labels]}`;
  document.title = `Kronecker · ${r.layers.length === 1 ? (r.layers[0]?.name ?? '') : `${r.layers.length} layers`}`;
  els.layer.replaceChildren(...r.layers.map((l, i) => new Option(`${l.name} (${l.m} \u00d7 ${l.n})`, String(i))));
  els.layer.value = String(selected);
  els.layer.hidden = r.layers.length === 1;
  els.layerLabel.hidden = r.layers.length === 1;
  draw();
}

function clear(): void {
  shown = undefined;
  selected = 0;
  for (const el of [els.cosines, els.table, els.layer, els.convergence, els.spectra]) el.replaceChildren();
  for (const el of [els.reading, els.hNote, els.convergenceNote, els.spectraNote]) el.textContent = '';
  els.summary.textContent = 'Waiting for a Kronecker analysis…';
}

let lastWidth = 0;
new ResizeObserver(() => {
  const w = chartWidth();
  if (w === lastWidth) return;
  lastWidth = w;
  draw();
}).observe(els.cosines.parentElement ?? document.body);
