/**
 * @file Entry of the positions view (bundled to `dist/webview/positions.js` and `.css`): the
 * tokens of a selected problem with their rule, fed and predicted position IDs, the model's
 * answer beside the correct one, the attention of a chosen answer token, and the length-
 * generalization curve of PPC, oracle coupling and absolute positions. The toolbar exports the
 * result shown last (SVG/PNG: the length curve, or the attention strip of a problem).
 */
import '../shared/base.css';
import './style.css';
import {
  lengthProbeRequest,
  positionsRequest,
  type LengthProbeResult,
  type PositionsResult,
} from '../../src/shared/positions';
import { byId } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { drawAttention } from './attention';
import { renderIds } from './idsTable';
import { drawProbe } from './probeChart';
import { renderProbeTable } from './probeTable';

const els = {
  summary: byId('summary', HTMLElement),
  idsSection: byId('ids-section', HTMLElement),
  idsNote: byId('ids-note', HTMLElement),
  ids: byId('ids', HTMLTableElement),
  attSection: byId('attention-section', HTMLElement),
  layer: byId('attention-layer', HTMLSelectElement),
  head: byId('attention-head', HTMLSelectElement),
  attNote: byId('attention-note', HTMLElement),
  attention: byId('attention', SVGSVGElement),
  probeSection: byId('probe-section', HTMLElement),
  probe: byId('probe', SVGSVGElement),
  probeTable: byId('probe-table', HTMLTableElement),
};
const state: { ids?: PositionsResult | undefined; query?: number | undefined; latest?: 'ids' | 'probe' } = {};

function options(
  select: HTMLSelectElement,
  labels: readonly string[],
  values: readonly number[],
  chosen: number,
): void {
  const option = (l: string, i: number): HTMLOptionElement =>
    Object.assign(document.createElement('option'), {
      textContent: l,
      value: String(values[i]),
      selected: values[i] === chosen,
    });
  select.replaceChildren(...labels.map(option));
}

function showAttention(): void {
  const r = state.ids;
  const q = state.query;
  if (r?.attentions === undefined || q === undefined) return;
  const mass = drawAttention(els.attention, r, Number(els.layer.value), Number(els.head.value), q);
  const t = r.tokens[q];
  const token = `Token ${q} ${JSON.stringify(t?.text ?? '')} (rule ID ${t?.ruleId ?? ''}, it predicts the next token)`;
  const share = `${(100 * mass).toFixed(1)}%`;
  els.attNote.textContent = `${token}: ${share} of its attention is on the tokens that share its rule ID (marked).`;
  for (const td of els.ids.querySelectorAll('td.selected')) td.classList.remove('selected');
  for (const td of els.ids.querySelectorAll(`td[data-index="${q}"]`)) td.classList.add('selected');
}

function summaryOf(r: PositionsResult): string {
  if (r.model === undefined) return `${r.problem.split('\n')[0] ?? ''} · ${r.task} · rule IDs`;
  const verdict = r.correct === true ? '✓ correct' : '✗ wrong';
  const answer = `answer ${r.answer ?? ''} vs expected ${r.expected ?? ''} ${verdict}`;
  return `${r.problem} · ${r.task} · ${r.model} (${r.mode ?? ''}): ${answer}`;
}

function idsNote(r: PositionsResult, mismatches: number): string {
  const answers = r.tokens.filter((t) => t.answer).length;
  const marked = mismatches > 0 ? ` (${mismatches} marked)` : '';
  const ids =
    r.idMatches === undefined
      ? ''
      : ` Fed IDs equal the rule's on ${r.idMatches} of ${answers} answer tokens${marked}.`;
  const positions = `training lengths up to ${r.trainMaxLength ?? '?'}, position IDs 0–${(r.maxPosition ?? 1) - 1}.`;
  const model = r.model !== undefined ? ` Answer written least-significant digit first for addition; ${positions}` : '';
  return `${r.note ?? ''}${model}${ids}`.trim();
}

function showAttentionControls(r: PositionsResult): void {
  const layers = r.attentions?.length ?? 0;
  els.attSection.hidden = layers === 0;
  if (layers === 0) return;
  const heads = r.attentions?.[0]?.length ?? 0;
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  options(
    els.layer,
    range(layers).map((l) => `L${l}`),
    range(layers),
    layers - 1,
  );
  options(els.head, ['mean', ...range(heads).map((h) => `H${h}`)], [-1, ...range(heads)], -1);
  const first = r.tokens.findIndex((t) => t.answer);
  state.query = first > 0 ? first - 1 : undefined;
  showAttention();
}

function showIds(r: PositionsResult): void {
  state.ids = r;
  state.latest = 'ids';
  els.summary.textContent = summaryOf(r);
  els.idsSection.hidden = false;
  els.idsNote.textContent = idsNote(r, renderIds(els.ids, r));
  showAttentionControls(r);
}

function showProbe(r: LengthProbeResult): void {
  state.latest = 'probe';
  els.probeSection.hidden = false;
  const trained = `trained up to ${r.trainMaxLength}`;
  els.summary.textContent = `Length generalization, ${r.task}: ${r.samples} problems per length, ${trained}`;
  drawProbe(els.probe, r, Math.max(520, els.probeSection.clientWidth));
  renderProbeTable(els.probeTable, r);
}

function clear(): void {
  state.ids = undefined;
  state.query = undefined;
  for (const section of [els.idsSection, els.attSection, els.probeSection]) section.hidden = true;
}

const view = mountView({
  view: 'positions',
  renderers: [renderer(positionsRequest, showIds), renderer(lengthProbeRequest, showProbe)],
  chart: () => (state.latest === 'probe' ? els.probe : els.attention),
  exportLatest: true,
  onClear: clear,
});

els.ids.addEventListener('click', (event) => {
  const td = event.target instanceof Element ? event.target.closest<HTMLElement>('td[data-index]') : null;
  const i = Number(td?.dataset['index']);
  const t = state.ids?.tokens[i];
  if (td === null || t === undefined) return;
  if (t.range !== undefined) view.host.post({ type: 'reveal', start: t.range.start, end: t.range.end });
  if (state.ids?.attentions !== undefined) {
    state.query = i;
    showAttention();
  }
});
els.layer.addEventListener('change', showAttention);
els.head.addEventListener('change', showAttention);
