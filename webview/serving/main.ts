/**
 * @file Entry of the serving view (bundled to `dist/webview/serving.js` and `.css`): one line saying what the
 * simulation shows, a c slider that runs it again, the table of runs, mean latency against load, the latency and
 * TTFT CDFs, a Gantt strip and paused KV memory over time. SVG and PNG export every chart stacked.
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import { servingSimulateRequest, type ServingSimulateResult } from '../../src/shared/serving';
import { byId } from '../shared/dom';
import { exportSvgStack, exportSvgStackPng } from '../shared/exportCanvas';
import { mountView, renderer } from '../shared/mountView';
import { drawCdf, drawLoad, drawMemory } from './charts';
import { bestTrail, fmt, reading, runLabel } from './data';
import { drawGantt } from './gantt';
import { HELP } from './help';
import { renderLegend, renderTable } from './table';

const els = {
  summary: byId('summary', HTMLElement),
  reading: byId('reading', HTMLElement),
  slider: byId('c-slider', HTMLInputElement),
  cValue: byId('c-value', HTMLOutputElement),
  legend: byId('policy-legend', HTMLElement),
  table: byId('runs-table', HTMLTableElement),
  load: byId('load-chart', SVGSVGElement),
  loadSection: byId('load-section', HTMLElement),
  loadNote: byId('load-note', HTMLElement),
  latency: byId('latency-chart', SVGSVGElement),
  ttft: byId('ttft-chart', SVGSVGElement),
  gantt: byId('gantt-chart', SVGSVGElement),
  ganttPolicy: byId('gantt-policy', HTMLSelectElement),
  memory: byId('memory-chart', SVGSVGElement),
  memoryNote: byId('memory-note', HTMLElement),
};

let shown: ServingSimulateResult | undefined;

const charts = (): SVGSVGElement[] =>
  shown === undefined
    ? []
    : [els.load, els.latency, els.ttft, els.gantt, els.memory].filter((s) => s.childElementCount);

const view = mountView({
  view: 'serving',
  renderers: [renderer(servingSimulateRequest, show)],
  chart: () => (shown === undefined ? undefined : els.load),
  exportImage: (format, stem) =>
    format === 'svg' ? exportSvgStack(charts(), stem) : exportSvgStackPng(charts(), stem),
  onClear: clear,
});

els.slider.addEventListener('input', () => (els.cValue.value = Number(els.slider.value).toFixed(2)));
els.slider.addEventListener('change', () => {
  view.status('running', `Simulating again with c = ${Number(els.slider.value).toFixed(2)}…`);
  view.host.post({ type: 'action', action: 'setC', arg: els.slider.value });
});
/** The run the user picked for the Gantt strip (policy and c), kept across results; else the best TRAIL run. */
let ganttPick: string | undefined;
const runKey = (s: { policy: string; c?: number | undefined }): string => `${s.policy}@${s.c ?? ''}`;
els.ganttPolicy.addEventListener('change', () => {
  const run = shown?.runs[Number(els.ganttPolicy.value)];
  ganttPick = run === undefined ? undefined : runKey(run.summary);
  drawCharts();
});

function summaryText(r: ServingSimulateResult): string {
  const predictions = `${r.predictions.kind} length predictions`;
  if (r.format === 'mg1') return `Serving simulation of ${r.source}; ${predictions}`;
  const name =
    r.source
      .split(/[\\/]/u)
      .filter((s) => s !== '')
      .pop() ?? r.source;
  const mode = r.mode === 'mg1' ? 'one server (M/G/1)' : 'continuous batching';
  return `Serving simulation of ${name}: ${r.jobs} requests, ${mode}, ${predictions}`;
}

function fillGanttPicker(r: ServingSimulateResult): void {
  els.ganttPolicy.replaceChildren(...r.runs.map((run, i) => new Option(runLabel(run.summary), String(i))));
  const trail = bestTrail(r);
  const picked = r.runs.findIndex((run) => runKey(run.summary) === ganttPick);
  const preferred = picked >= 0 ? picked : r.runs.findIndex((run) => run.summary === trail);
  els.ganttPolicy.value = String(Math.max(0, preferred));
}

function drawCharts(): void {
  if (shown === undefined) return;
  drawLoad(els.load, shown);
  drawCdf(els.latency, shown, 'latency');
  drawCdf(els.ttft, shown, 'ttft');
  drawGantt(els.gantt, shown, Number(els.ganttPolicy.value));
  drawMemory(els.memory, shown);
}

function show(r: ServingSimulateResult): void {
  shown = r;
  els.summary.textContent = summaryText(r);
  els.reading.textContent = reading(r);
  const trail = r.runs.find((run) => run.summary.policy === 'trail')?.summary.c;
  if (trail !== undefined) {
    els.slider.value = String(trail);
    els.cValue.value = trail.toFixed(2);
  }
  document.title = `Serving · ${fmt(r.jobs)} requests`;
  renderLegend(els.legend, r);
  renderTable(els.table, r);
  els.loadSection.hidden = r.loads.length === 0;
  els.loadNote.textContent = r.loadAxis === 'rho' ? HELP.load : HELP.loadTrace;
  const memory = r.runs.some((run) => run.memory.t.length > 0);
  els.memoryNote.textContent = !memory
    ? HELP.memoryNone
    : r.mode === 'mg1'
      ? `${HELP.memory} ${HELP.memoryMg1}`
      : HELP.memory;
  fillGanttPicker(r);
  drawCharts();
}

function clear(): void {
  shown = undefined;
  for (const el of [els.legend, els.table, els.load, els.latency, els.ttft, els.gantt, els.memory])
    el.replaceChildren();
  els.reading.textContent = '';
  els.summary.textContent = 'Waiting for a serving simulation…';
}

let lastWidth = 0;
new ResizeObserver(() => {
  const w = els.load.parentElement?.clientWidth ?? 0;
  if (w === lastWidth) return;
  lastWidth = w;
  drawCharts();
}).observe(els.load.parentElement ?? document.body);
