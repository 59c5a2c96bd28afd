/**
 * @file Entry of the probe view (bundled to `dist/webview/probe.js` and `.css`): the length-
 * generalization curves of every model of a task, drawn again as each length arrives (a result with
 * `upTo` is a run still going), exact match by longest carry chain for arithmetic, a table at telling
 * lengths and the methods named in plain words. The toolbar exports the chart (SVG/PNG) or the result
 * (JSON).
 */
import '../shared/base.css';
import '../positions/style.css';
import './style.css';
import { lengthProbeRequest, type LengthProbeResult } from '../../src/shared/lengthProbe';
import { byId } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { methodItem } from '../positions/methods';
import { drawChains, drawProbe, hasChains } from './chart';
import { renderProbeTable } from './table';
import { CHAIN_WORDS, PROBE_METHOD_WORDS } from './words';
import { COUPLING_WORDS } from '../positions/words';

const els = {
  summary: byId('summary', HTMLElement),
  progress: byId('probe-progress', HTMLElement),
  section: byId('probe-section', HTMLElement),
  box: byId('probe-box', HTMLElement),
  chart: byId('probe', SVGSVGElement),
  chainPart: byId('chain-part', HTMLElement),
  chainWhat: byId('chain-what', HTMLElement),
  chains: byId('chains', SVGSVGElement),
  chainLengths: byId('chain-lengths', HTMLSelectElement),
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
  els.chainPart.hidden = !hasChains(r);
  if (hasChains(r)) drawChains(els.chains, r, state.width, els.chainLengths.value === 'past' ? 'past' : 'all');
}

function chainWhat(r: LengthProbeResult): string {
  const drawn = r.carryHeavy
    ? 'The problems were drawn carry-heavy: each length\u2019s longest chain uniform from 0 to the length.'
    : 'The problems are random, so long chains are rare: their points rest on few problems (see the whiskers).';
  const past = 'Lengths "past training" counts only lengths longer than each model was trained on.';
  return `${CHAIN_WORDS} ${drawn} ${past} Whiskers: 95% Wilson intervals.`;
}

function showProbe(r: LengthProbeResult): void {
  state.shown = r;
  const unit = r.task === 'copy' ? 'symbols' : 'digits';
  const drawn = r.carryHeavy ? 'carry-heavy problems' : 'problems';
  const lengths = [...new Set(r.curves.map((c) => c.trainMaxLength))].sort((a, b) => a - b);
  const trained = lengths.length > 1 ? `${lengths.slice(0, -1).join(', ')} and ${lengths.at(-1)}` : `${lengths[0]}`;
  els.summary.textContent =
    `Length Generalization Probe \u00b7 ${r.task} \u00b7 ${r.curves.length} models \u00b7 ${r.samples} ${drawn} ` +
    `per length \u00b7 trained up to ${trained} ${unit}`;
  els.progress.hidden = false;
  els.progress.textContent = progressOf(r);
  els.progress.dataset['running'] = String(r.upTo !== undefined);
  els.chainWhat.textContent = chainWhat(r);
  els.section.hidden = false;
  draw();
  renderProbeTable(els.table, r);
}

function clear(): void {
  state.shown = undefined;
  els.section.hidden = true;
  els.progress.hidden = true;
}

els.methods.replaceChildren(
  methodItem(COUPLING_WORDS.name, COUPLING_WORDS.line, false),
  ...Object.values(PROBE_METHOD_WORDS).map((w) => methodItem(w.name, w.line, false)),
);
mountView({
  view: 'probe',
  renderers: [renderer(lengthProbeRequest, showProbe)],
  chart: () => els.chart,
  onClear: clear,
});
els.chainLengths.addEventListener('change', draw);
new ResizeObserver(() => {
  if (state.shown !== undefined && Math.floor(els.box.clientWidth) !== state.width) draw();
}).observe(els.box);
