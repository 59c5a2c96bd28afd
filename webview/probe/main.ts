/**
 * @file Entry of the probe view (bundled to `dist/webview/probe.js` and `.css`): the length-
 * generalization curves of PPC, oracle coupling and absolute positions, drawn again as each length
 * arrives (a result with `upTo` is a run still going), with a table at telling lengths and the
 * methods named in plain words. The toolbar exports the chart (SVG/PNG) or the curves (JSON).
 */
import '../shared/base.css';
import '../positions/style.css';
import './style.css';
import { lengthProbeRequest, type LengthProbeResult } from '../../src/shared/positions';
import { byId } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { renderMethods } from '../positions/methods';
import { drawProbe } from './chart';
import { renderProbeTable } from './table';

const els = {
  summary: byId('summary', HTMLElement),
  progress: byId('probe-progress', HTMLElement),
  section: byId('probe-section', HTMLElement),
  box: byId('probe-box', HTMLElement),
  chart: byId('probe', SVGSVGElement),
  table: byId('probe-table', HTMLTableElement),
  methods: byId('methods', HTMLUListElement),
};
const state: { shown?: LengthProbeResult | undefined; width: number } = { width: 0 };

function progressOf(r: LengthProbeResult): string {
  const done = r.lengths.length;
  if (r.upTo === undefined) return `Done: ${done} lengths, ${r.samples} problems each (seed ${r.seed}).`;
  return `${done} of ${r.upTo} lengths done; the curves grow as each length is done.`;
}

function draw(): void {
  const r = state.shown;
  if (r === undefined) return;
  state.width = Math.max(160, Math.floor(els.box.clientWidth));
  drawProbe(els.chart, r, state.width);
}

function showProbe(r: LengthProbeResult): void {
  state.shown = r;
  const unit = r.task === 'addition' ? 'digits' : 'symbols';
  els.summary.textContent =
    `Length Generalization Probe \u00b7 ${r.task} \u00b7 ${r.samples} problems per length \u00b7 ` +
    `trained up to ${r.trainMaxLength} ${unit}`;
  els.progress.hidden = false;
  els.progress.textContent = progressOf(r);
  els.progress.dataset['running'] = String(r.upTo !== undefined);
  els.section.hidden = false;
  draw();
  renderProbeTable(els.table, r);
}

function clear(): void {
  state.shown = undefined;
  els.section.hidden = true;
  els.progress.hidden = true;
}

renderMethods(els.methods, undefined);
mountView({
  view: 'probe',
  renderers: [renderer(lengthProbeRequest, showProbe)],
  chart: () => els.chart,
  onClear: clear,
});
new ResizeObserver(() => {
  if (state.shown !== undefined && Math.floor(els.box.clientWidth) !== state.width) draw();
}).observe(els.box);
