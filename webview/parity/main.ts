/**
 * @file Entry of the Sparse Parity Frontier view (bundled to `dist/webview/parity.js` and `.css`): the grid form,
 * then the success heatmaps (filling as cells finish), the luck curve, the top neurons' weights, the rewind check
 * and one run's train and test curves. SVG and PNG export every chart stacked.
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import { parityPanelKind, type ParityPanel } from '../../src/shared/parityPanel';
import { byId } from '../shared/dom';
import { exportSvgStack, exportSvgStackPng } from '../shared/exportCanvas';
import { mountView, renderer } from '../shared/mountView';
import { drawCurve, drawLuck, drawRewind, INIT_COLOURS } from './charts';
import { curveLabel, fmt, initLabel, preferredCurve, reading } from './data';
import { fillForm, wireForm } from './form';
import { drawHeatmaps, renderHeatLegend } from './heatmap';
import { drawNeurons, neuronsNote } from './neurons';

const els = {
  summary: byId('summary', HTMLElement),
  reading: byId('reading', HTMLElement),
  heatmaps: byId('heatmaps', HTMLElement),
  heatLegend: byId('heat-legend', HTMLElement),
  luck: byId('luck-chart', SVGSVGElement),
  luckLegend: byId('luck-legend', HTMLElement),
  neurons: byId('neurons-chart', SVGSVGElement),
  neuronsNote: byId('neurons-note', HTMLElement),
  rewind: byId('rewind-chart', SVGSVGElement),
  rewindNote: byId('rewind-note', HTMLElement),
  curves: byId('curves-chart', SVGSVGElement),
  curvePick: byId('curve-pick', HTMLSelectElement),
};

let shown: ParityPanel | undefined;

const charts = (): SVGSVGElement[] =>
  [...els.heatmaps.querySelectorAll('svg'), els.luck, els.neurons, els.rewind, els.curves].filter(
    (s) => s.childElementCount > 0 && s.closest('[hidden]') === null,
  );

const view = mountView({
  view: 'parity',
  renderers: [renderer(parityPanelKind, show)],
  chart: () => charts()[0],
  exportImage: (format, stem) =>
    format === 'svg' ? exportSvgStack(charts(), stem) : exportSvgStackPng(charts(), stem),
  onClear: clear,
});
wireForm(view);
renderHeatLegend(els.heatLegend);
els.curvePick.addEventListener('change', () => drawCurves());

function section(id: string, visible: boolean): void {
  byId(`${id}-section`, HTMLElement).hidden = !visible;
}

function renderLuckLegend(p: ParityPanel): void {
  const items = p.params.inits.flatMap((init) => {
    const name = initLabel(init, p.result.sparsity);
    const key = (label: string, dashed: boolean): HTMLLIElement => {
      const li = document.createElement('li');
      const k = document.createElement('span');
      k.className = dashed ? 'key dashed' : 'key';
      k.style.borderTopColor = INIT_COLOURS[init];
      li.append(k, label);
      return li;
    };
    const closed = p.result.luck.some((l) => l.init === init && l.closedForm !== null);
    return closed
      ? [key(`${name}: measured`, false), key(`${name}: closed form`, true)]
      : [key(`${name}: measured`, false)];
  });
  els.luckLegend.replaceChildren(...items);
}

function drawCurves(): void {
  if (shown === undefined) return;
  drawCurve(els.curves, shown.result.curves[Number(els.curvePick.value)], shown.result.sparsity);
}

function drawAll(): void {
  const p = shown;
  if (p === undefined) return;
  const r = p.result;
  section('heatmap', true);
  drawHeatmaps(els.heatmaps, p);
  section('luck', r.luck.length > 0);
  if (r.luck.length > 0) {
    renderLuckLegend(p);
    drawLuck(els.luck, r.luck, r.sparsity);
  }
  section('neurons', r.neurons !== undefined);
  if (r.neurons !== undefined) {
    els.neuronsNote.textContent = neuronsNote(r.neurons, r.sparsity);
    drawNeurons(els.neurons, r.neurons, r.support, r.n);
  }
  section('rewind', r.rewind !== undefined);
  if (r.rewind !== undefined) {
    const rw = r.rewind;
    els.rewindNote.textContent = `From a network of width ${fmt(rw.width)} (${initLabel(rw.init, r.sparsity)} init).`;
    drawRewind(els.rewind, rw);
  }
  section('curves', r.curves.length > 0);
  drawCurves();
}

function show(p: ParityPanel): void {
  const first = shown === undefined;
  shown = p;
  els.summary.textContent = `Sparse parity: n = ${p.result.n}, k = ${p.result.k}, ${p.result.totalCells} cells`;
  els.reading.textContent = reading(p);
  if (first) fillForm(p.params);
  const keep = els.curvePick.value;
  els.curvePick.replaceChildren(
    ...p.result.curves.map((c, i) => new Option(curveLabel(c, p.result.sparsity), String(i))),
  );
  const preferred =
    keep !== '' && Number(keep) < p.result.curves.length ? keep : String(preferredCurve(p.result.curves));
  els.curvePick.value = preferred;
  drawAll();
}

function clear(): void {
  shown = undefined;
  for (const id of ['heatmap', 'luck', 'neurons', 'rewind', 'curves']) section(id, false);
  els.reading.textContent = '';
  els.summary.textContent = 'Sparse parity: choose a grid and run it';
}

let lastWidth = 0;
new ResizeObserver(() => {
  const w = els.heatmaps.parentElement?.clientWidth ?? 0;
  if (w === lastWidth) return;
  lastWidth = w;
  drawAll();
}).observe(document.body);
