/**
 * @file Entry of the positions view (bundled to `dist/webview/positions.js` and `.css`): the
 * tokens of a selected problem with their rule, fed and predicted position IDs, the model's answer
 * as written and as a number beside the expected one, and the attention of a chosen answer token.
 * The toolbar exports the attention strip (SVG/PNG) or the result (JSON).
 */
import '../shared/base.css';
import './style.css';
import { METHOD_OF_MODE, positionsRequest, type PositionsResult } from '../../src/shared/positions';
import { showToken } from '../../src/shared/tokenText';
import { byId } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { answerLines } from './answer';
import { drawAttention } from './attention';
import { renderIds } from './idsTable';
import { renderMethods } from './methods';
import { MODE_WORDS, STAT_WORDS } from './words';

const els = {
  summary: byId('summary', HTMLElement),
  answerSection: byId('answer-section', HTMLElement),
  written: byId('answer-written', HTMLElement),
  number: byId('answer-number', HTMLElement),
  idsSection: byId('ids-section', HTMLElement),
  idsNote: byId('ids-note', HTMLElement),
  ids: byId('ids', HTMLTableElement),
  attSection: byId('attention-section', HTMLElement),
  layer: byId('attention-layer', HTMLSelectElement),
  head: byId('attention-head', HTMLSelectElement),
  attNote: byId('attention-note', HTMLElement),
  attention: byId('attention', SVGSVGElement),
  methods: byId('methods', HTMLUListElement),
};
const state: { ids?: PositionsResult | undefined; query?: number | undefined } = {};

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
  const token = `Token ${q} ${showToken(t?.text ?? '')} (rule ID ${t?.ruleId ?? ''}, it predicts the next token)`;
  const share = `${(100 * mass).toFixed(1)}%`;
  els.attNote.textContent = `${token}: ${share} of its attention is on the tokens that share its rule ID (coloured).`;
  els.attNote.title = STAT_WORDS.attentionShare;
  for (const td of els.ids.querySelectorAll('td.selected')) td.classList.remove('selected');
  for (const td of els.ids.querySelectorAll(`td[data-index="${q}"]`)) td.classList.add('selected');
}

function summaryOf(r: PositionsResult): string {
  const problem = showToken(r.problem.split('\n')[0] ?? '', 60);
  if (r.model === undefined) return `Position IDs of ${problem} (${r.task}): the coupling rule's IDs`;
  const how = r.mode === undefined ? '' : `, ${MODE_WORDS[r.mode]}`;
  return `Position IDs of ${problem} (${r.task}), decoded by ${r.model}${how}`;
}

function idsNote(r: PositionsResult, mismatches: number): string {
  const answers = r.tokens.filter((t) => t.answer).length;
  const marked = mismatches > 0 ? ` (${mismatches} marked in red)` : '';
  const ids =
    r.idMatches === undefined
      ? ''
      : ` Fed IDs equal the rule's on ${r.idMatches} of ${answers} answer tokens${marked}.`;
  const positions = `The model was trained on lengths up to ${r.trainMaxLength ?? '?'} and knows position IDs 0–${
    (r.maxPosition ?? 1) - 1
  }.`;
  const shaded = ' Shaded columns are the answer.';
  return `${r.note ?? ''}${r.model !== undefined ? ` ${positions}` : ''}${shaded}${ids}`.trim();
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

function showAnswer(r: PositionsResult): void {
  const lines = answerLines(r);
  els.answerSection.hidden = lines === undefined;
  els.written.textContent = lines?.written ?? '';
  els.number.textContent = lines?.number ?? '';
  els.number.title = lines?.title ?? '';
  els.number.dataset['correct'] = r.correct === undefined ? '' : String(r.correct);
}

function showIds(r: PositionsResult): void {
  state.ids = r;
  els.summary.textContent = summaryOf(r);
  showAnswer(r);
  els.idsSection.hidden = false;
  const mismatches = renderIds(els.ids, r);
  els.idsNote.textContent = idsNote(r, mismatches);
  els.idsNote.title = r.idMatches === undefined ? '' : STAT_WORDS.idMatches;
  showAttentionControls(r);
  renderMethods(els.methods, r.mode === undefined ? undefined : METHOD_OF_MODE[r.mode]);
}

function clear(): void {
  state.ids = undefined;
  state.query = undefined;
  for (const section of [els.answerSection, els.idsSection, els.attSection]) section.hidden = true;
}

renderMethods(els.methods, undefined);
const view = mountView({
  view: 'positions',
  renderers: [renderer(positionsRequest, showIds)],
  chart: () => els.attention,
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
