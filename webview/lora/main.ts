/**
 * @file Entry of the LoRA composition view (bundled to `dist/webview/lora.js` and `.css`): exact
 * match and loss of the base, each adapter, the data mix and every merge on the target task, the
 * learned CAT weights as layer × LoRA heatmaps, the adapters' per-layer cosines and sign
 * conflicts, and example answers. Each merge can be saved as a PEFT adapter through the host. The
 * bars are redrawn to the panel's width whenever it changes.
 */
import '../shared/base.css';
import './style.css';
import { loraComposeRequest, type LoraComposeResult } from '../../src/shared/lora';
import { softmaxCatWhy } from '../../src/shared/loraHelp';
import { byId } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { drawBars } from './bars';
import { catNote, learnedWeights, percent } from './format';
import { drawHeatmap } from './heatmap';
import { renderExamples, renderLayers, renderMethods, renderScores } from './tables';

// The page carries the body markup (panel and report alike), so the elements exist before mounting.
const els = {
  summary: byId('summary', HTMLElement),
  bars: byId('bars', SVGSVGElement),
  scores: byId('scores', HTMLTableElement),
  methods: byId('methods', HTMLElement),
  catNote: byId('cat-note', HTMLElement),
  catWhy: byId('cat-why', HTMLElement),
  heatmaps: byId('cat-heatmaps', HTMLElement),
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

/** The bars at the width of their box (at least 160 px). */
function drawBarsToWidth(): void {
  if (shown === undefined) return;
  drawBars(els.bars, shown.rows, Math.max(160, Math.floor(els.bars.parentElement?.clientWidth ?? 480)));
}

function drawHeatmaps(r: LoraComposeResult): void {
  els.heatmaps.replaceChildren();
  const learned = learnedWeights(r);
  const hi = Math.max(1, ...learned.flatMap((x) => x.weights.flat().map(Math.abs)));
  for (const l of learned) {
    const fig = els.heatmaps.appendChild(document.createElement('figure'));
    fig.className = 'heatmap';
    fig.dataset['method'] = l.method;
    fig.appendChild(document.createElement('figcaption')).textContent = l.caption;
    const svg = fig.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `${l.caption}: weight of each LoRA in each layer`);
    drawHeatmap(svg, l.weights, r.adapters, hi);
  }
}

function show(r: LoraComposeResult): void {
  shown = r;
  els.summary.textContent = summaryText(r);
  document.title = `LoRA composition · ${r.adapters.join(' + ')}`;
  drawBarsToWidth();
  renderScores(els.scores, r);
  renderMethods(els.methods, r);
  els.catNote.textContent = catNote(r);
  const why = softmaxCatWhy(r);
  els.catWhy.textContent = why ?? '';
  els.catWhy.hidden = why === undefined;
  drawHeatmaps(r);
  renderLayers(els.layers, r);
  renderExamples(els.examples, r);
}

function clear(): void {
  shown = undefined;
  for (const el of [els.bars, els.scores, els.methods, els.heatmaps, els.layers, els.examples]) el.replaceChildren();
  els.catNote.textContent = '';
  els.catWhy.textContent = '';
  els.catWhy.hidden = true;
  els.summary.textContent = 'Waiting for a LoRA composition…';
}

let lastWidth = 0;
new ResizeObserver(() => {
  const w = els.bars.parentElement?.clientWidth ?? 0;
  if (w === lastWidth) return;
  lastWidth = w;
  drawBarsToWidth();
}).observe(els.bars.parentElement ?? document.body);

els.scores.addEventListener('click', (event) => {
  const b = (event.target as Element | null)?.closest<HTMLButtonElement>('button.save-merged');
  const method = b?.dataset['method'];
  if (method !== undefined) view.host.post({ type: 'action', action: 'saveMerged', arg: method });
});
