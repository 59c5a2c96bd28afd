/**
 * @file Entry of the LoRA composition view (bundled to `dist/webview/lora.js` and `.css`): exact
 * match and loss of the base, each adapter, the data mix and every merge on the target task, the
 * learned CAT weights as a layer × LoRA heatmap, the adapters' per-layer cosines and sign
 * conflicts, and example answers. Each merge can be saved as a PEFT adapter through the host.
 */
import '../shared/base.css';
import './style.css';
import type { ShowLoraCompositionNotification, ToWebview } from '../../src/shared/protocol';
import type { LoraComposeResult } from '../../src/shared/results';
import { LORA_BODY } from '../../src/core/report/loraBody';
import { exportChart } from '../shared/export';
import { createHost, type ExportFile } from '../shared/vscodeApi';
import { byId, showStatusIn } from '../shared/dom';
import { drawBars } from './bars';
import { drawHeatmap } from './heatmap';
import { percent } from './format';
import { renderExamples, renderLayers, renderScores } from './tables';

const FORMATS: readonly ExportFile['format'][] = ['svg', 'png', 'json'];

function mount(): void {
  if (document.getElementById('cat-heatmap')) return;
  document.getElementById('app')?.remove();
  document.body.insertAdjacentHTML('afterbegin', LORA_BODY);
}

mount();
const els = {
  summary: byId('summary', HTMLElement),
  status: byId('status', HTMLElement),
  bars: byId('bars', SVGSVGElement),
  scores: byId('scores', HTMLTableElement),
  catNote: byId('cat-note', HTMLElement),
  heatmap: byId('cat-heatmap', SVGSVGElement),
  layers: byId('layers', HTMLTableElement),
  examples: byId('examples', HTMLTableElement),
  exports: FORMATS.map((f) => byId(`export-${f}`, HTMLButtonElement)),
};
const host = createHost();
let shown: LoraComposeResult | undefined;

function summaryText(r: LoraComposeResult): string {
  const best = [...r.rows].sort((a, b) => b.exactMatch - a.exactMatch || a.loss - b.loss)[0];
  const what = `${r.adapters.join(' + ')} on ${r.base}, ${r.data.items} test items`;
  return best === undefined ? what : `${what} · best: ${best.config} (${percent(best.exactMatch)})`;
}

function catNote(r: LoraComposeResult): string {
  if (r.cat === undefined) return 'CAT was not run (it needs a dev split to learn its weights).';
  const how = r.cat.parameterisation === 'softmax' ? 'softmax over the LoRAs of each layer, as LoRA Soups' : 'unconstrained weights';
  return `Learned on ${r.dev?.source ?? 'the dev split'} (${r.dev?.items ?? '?'} items; ${how}): dev loss ${r.cat.startLoss.toFixed(3)} → ${r.cat.devLoss.toFixed(3)} in ${r.cat.history.length - 1} steps.`;
}

function show(message: ShowLoraCompositionNotification): void {
  const r = message.result;
  shown = r;
  els.summary.textContent = summaryText(r);
  document.title = `LoRA composition · ${r.adapters.join(' + ')}`;
  drawBars(els.bars, r.rows, Math.max(480, els.bars.parentElement?.clientWidth ?? 640));
  renderScores(els.scores, r);
  els.catNote.textContent = catNote(r);
  drawHeatmap(els.heatmap, r.cat?.weights ?? [], r.cat === undefined ? [] : r.adapters);
  renderLayers(els.layers, r);
  renderExamples(els.examples, r);
  els.exports.forEach((b) => (b.disabled = false));
  showStatusIn(els.status, { type: 'status', state: 'idle', message: '' });
}

function onMessage(message: ToWebview): void {
  if (message.type === 'showLoraComposition') show(message);
  else if (message.type === 'status') showStatusIn(els.status, message);
}

async function exportAs(format: ExportFile['format']): Promise<void> {
  if (shown === undefined) return;
  try {
    host.save(await exportChart(format, els.bars, shown, `lora-composition-${shown.adapters.join('-')}`));
  } catch (error) {
    showStatusIn(els.status, { type: 'status', state: 'error', message: `Export failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

els.scores.addEventListener('click', (event) => {
  const b = (event.target as Element | null)?.closest<HTMLButtonElement>('button.save-merged');
  const method = b?.dataset['method'];
  if (method !== undefined) host.post({ type: 'action', action: 'saveMerged', arg: method });
});
els.exports.forEach((button) => {
  const format = FORMATS.find((f) => f === button.dataset['format']);
  if (format) button.addEventListener('click', () => void exportAs(format));
});
host.start(onMessage);
