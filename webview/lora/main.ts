/**
 * @file Entry of the LoRA composition view (bundled to `dist/webview/lora.js` and `.css`): exact
 * match and loss of the base, each adapter, the data mix and every merge on the target task, the
 * learned CAT weights as a layer × LoRA heatmap, the adapters' per-layer cosines and sign
 * conflicts, and example answers. Each merge can be saved as a PEFT adapter through the host.
 */
import '../shared/base.css';
import './style.css';
import { loraComposeRequest, type LoraComposeResult } from '../../src/shared/lora';
import { byId } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { drawBars } from './bars';
import { percent } from './format';
import { drawHeatmap } from './heatmap';
import { renderExamples, renderLayers, renderScores } from './tables';

// The page carries the body markup (panel and report alike), so the elements exist before mounting.
const els = {
  summary: byId('summary', HTMLElement),
  bars: byId('bars', SVGSVGElement),
  scores: byId('scores', HTMLTableElement),
  catNote: byId('cat-note', HTMLElement),
  heatmap: byId('cat-heatmap', SVGSVGElement),
  layers: byId('layers', HTMLTableElement),
  examples: byId('examples', HTMLTableElement),
};

let shown: LoraComposeResult | undefined;
const view = mountView({
  view: 'lora',
  renderers: [renderer(loraComposeRequest, show)],
  chart: () => (shown === undefined ? undefined : els.bars),
  onClear: clear,
});

function summaryText(r: LoraComposeResult): string {
  const best = [...r.rows].sort((a, b) => b.exactMatch - a.exactMatch || a.loss - b.loss)[0];
  const what = `${r.adapters.join(' + ')} on ${r.base}, ${r.data.items} test items`;
  return best === undefined ? what : `${what} · best: ${best.config} (${percent(best.exactMatch)})`;
}

function catNote(r: LoraComposeResult): string {
  if (r.cat === undefined) return 'CAT was not run (it needs a dev split to learn its weights).';
  const how =
    r.cat.parameterisation === 'softmax'
      ? 'softmax over the LoRAs of each layer, as LoRA Soups'
      : 'unconstrained weights';
  const loss = `dev loss ${r.cat.startLoss.toFixed(3)} → ${r.cat.devLoss.toFixed(3)}`;
  const items = `${r.dev?.items ?? '?'} items; ${how}`;
  return `Learned on ${r.dev?.source ?? 'the dev split'} (${items}): ${loss} in ${r.cat.history.length - 1} steps.`;
}

function show(r: LoraComposeResult): void {
  shown = r;
  els.summary.textContent = summaryText(r);
  document.title = `LoRA composition · ${r.adapters.join(' + ')}`;
  drawBars(els.bars, r.rows, Math.max(480, els.bars.parentElement?.clientWidth ?? 640));
  renderScores(els.scores, r);
  els.catNote.textContent = catNote(r);
  drawHeatmap(els.heatmap, r.cat?.weights ?? [], r.cat === undefined ? [] : r.adapters);
  renderLayers(els.layers, r);
  renderExamples(els.examples, r);
}

function clear(): void {
  shown = undefined;
  for (const el of [els.bars, els.scores, els.heatmap, els.layers, els.examples]) el.replaceChildren();
  els.catNote.textContent = '';
  els.summary.textContent = 'Waiting for a LoRA composition…';
}

els.scores.addEventListener('click', (event) => {
  const b = (event.target as Element | null)?.closest<HTMLButtonElement>('button.save-merged');
  const method = b?.dataset['method'];
  if (method !== undefined) view.host.post({ type: 'action', action: 'saveMerged', arg: method });
});
