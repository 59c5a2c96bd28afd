/**
 * @file Entry of the positions view (bundled to `dist/webview/positions.js` and `.css`): the
 * tokens of a selected problem with their rule, fed and predicted position IDs, the model's
 * answer beside the correct one, the attention of a chosen answer token, and the length-
 * generalization curve of PPC, oracle coupling and absolute positions.
 */
import '../shared/base.css';
import './style.css';
import type { ToWebview } from '../../src/shared/protocol';
import type { LengthProbeView, PositionsResult } from '../../src/shared/results';
import { POSITIONS_BODY } from '../../src/core/report/positionsBody';
import { exportChart } from '../shared/export';
import { createHost, type ExportFile } from '../shared/vscodeApi';
import { byId, showStatusIn } from '../shared/dom';
import { drawAttention } from './attention';
import { renderIds } from './idsTable';
import { drawProbe } from './probeChart';
import { renderProbeTable } from './probeTable';

const FORMATS: readonly ExportFile['format'][] = ['svg', 'png', 'json'];
if (!document.getElementById('ids')) {
  document.getElementById('app')?.remove();
  document.body.insertAdjacentHTML('afterbegin', POSITIONS_BODY);
}
const els = {
  summary: byId('summary', HTMLElement), status: byId('status', HTMLElement),
  idsSection: byId('ids-section', HTMLElement), idsNote: byId('ids-note', HTMLElement), ids: byId('ids', HTMLTableElement),
  attSection: byId('attention-section', HTMLElement), layer: byId('attention-layer', HTMLSelectElement), head: byId('attention-head', HTMLSelectElement),
  attNote: byId('attention-note', HTMLElement), attention: byId('attention', SVGSVGElement),
  probeSection: byId('probe-section', HTMLElement), probe: byId('probe', SVGSVGElement), probeTable: byId('probe-table', HTMLTableElement),
  exports: FORMATS.map((f) => byId(`export-${f}`, HTMLButtonElement)),
};
const host = createHost();
const state: { ids?: PositionsResult; probe?: LengthProbeView; query?: number | undefined } = {};

function options(select: HTMLSelectElement, labels: readonly string[], values: readonly number[], chosen: number): void {
  select.replaceChildren(...labels.map((l, i) => Object.assign(document.createElement('option'), { textContent: l, value: String(values[i]), selected: values[i] === chosen })));
}

function showAttention(): void {
  const r = state.ids;
  const q = state.query;
  if (r?.attentions === undefined || q === undefined) return;
  const mass = drawAttention(els.attention, r, Number(els.layer.value), Number(els.head.value), q);
  els.attNote.textContent = `Token ${q} ${JSON.stringify(r.tokens[q]?.text ?? '')} (rule ID ${r.tokens[q]?.ruleId ?? ''}, it predicts the next token): ${(100 * mass).toFixed(1)}% of its attention is on the tokens that share its rule ID (marked).`;
  for (const td of els.ids.querySelectorAll('td.selected')) td.classList.remove('selected');
  for (const td of els.ids.querySelectorAll(`td[data-index="${q}"]`)) td.classList.add('selected');
}

function summaryOf(r: PositionsResult): string {
  if (r.model === undefined) return `${r.problem.split('\n')[0] ?? ''} · ${r.task} · rule IDs`;
  const verdict = r.correct === true ? '✓ correct' : '✗ wrong';
  return `${r.problem} · ${r.task} · ${r.model} (${r.mode}): answer ${r.answer ?? ''} vs expected ${r.expected ?? ''} ${verdict}`;
}

function showIds(r: PositionsResult): void {
  state.ids = r;
  els.summary.textContent = summaryOf(r);
  els.idsSection.hidden = false;
  const mismatches = renderIds(els.ids, r);
  const answers = r.tokens.filter((t) => t.answer).length;
  const ids = r.idMatches === undefined ? '' : ` Fed IDs equal the rule's on ${r.idMatches} of ${answers} answer tokens${mismatches > 0 ? ` (${mismatches} marked)` : ''}.`;
  els.idsNote.textContent = `${r.note ?? ''}${r.model !== undefined ? ` Answer written least-significant digit first for addition; training lengths up to ${r.trainMaxLength ?? '?'}, position IDs 0–${(r.maxPosition ?? 1) - 1}.` : ''}${ids}`.trim();
  const layers = r.attentions?.length ?? 0;
  els.attSection.hidden = layers === 0;
  if (layers > 0) {
    const heads = r.attentions?.[0]?.length ?? 0;
    options(els.layer, Array.from({ length: layers }, (_, l) => `L${l}`), Array.from({ length: layers }, (_, l) => l), layers - 1);
    options(els.head, ['mean', ...Array.from({ length: heads }, (_, h) => `H${h}`)], [-1, ...Array.from({ length: heads }, (_, h) => h)], -1);
    const first = r.tokens.findIndex((t) => t.answer);
    state.query = first > 0 ? first - 1 : undefined;
    showAttention();
  }
  els.exports.forEach((b) => (b.disabled = b.dataset['format'] !== 'json' && state.probe === undefined));
  showStatusIn(els.status, { type: 'status', state: 'idle', message: '' });
}

function showProbe(r: LengthProbeView): void {
  state.probe = r;
  els.probeSection.hidden = false;
  els.summary.textContent = `Length generalization, ${r.task}: ${r.samples} problems per length, trained up to ${r.trainMaxLength}`;
  drawProbe(els.probe, r, Math.max(520, els.probeSection.clientWidth));
  renderProbeTable(els.probeTable, r);
  els.exports.forEach((b) => (b.disabled = false));
  showStatusIn(els.status, { type: 'status', state: 'idle', message: '' });
}

function onMessage(m: ToWebview): void {
  if (m.type === 'showPositions') showIds(m.result);
  else if (m.type === 'showLengthProbe') showProbe(m.result);
  else if (m.type === 'status') showStatusIn(els.status, m);
}

els.ids.addEventListener('click', (event) => {
  const td = (event.target as Element | null)?.closest<HTMLElement>('td[data-index]');
  const i = Number(td?.dataset['index']);
  const t = state.ids?.tokens[i];
  if (td === null || td === undefined || t === undefined) return;
  if (t.range !== undefined) host.post({ type: 'reveal', start: t.range.start, end: t.range.end });
  if (state.ids?.attentions !== undefined) {
    state.query = i;
    showAttention();
  }
});
els.layer.addEventListener('change', showAttention);
els.head.addEventListener('change', showAttention);
els.exports.forEach((button) => {
  const format = FORMATS.find((f) => f === button.dataset['format']);
  if (format) button.addEventListener('click', () => {
    const data = state.probe ?? state.ids;
    if (data === undefined) return;
    void exportChart(format, els.probe, data, `positions-${state.probe?.task ?? state.ids?.task ?? 'view'}`).then((f) => host.save(f));
  });
});
host.start(onMessage);
