/**
 * @file Entry of the remaining-length view (bundled to `dist/webview/remaining.js` and `.css`): one line saying
 * what the prediction shows, the heat strip of the probe's distribution per generated token with the refined,
 * probe-only, prompt-only and true remaining lengths, the answer token by token, and the layer scan. Partial
 * results (the steps so far) arrive while the model writes and are drawn as they come.
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import { remainingPredictRequest, type RemainingPredictResult } from '../../src/shared/remaining';
import { byId } from '../shared/dom';
import { exportSvgStack, exportSvgStackPng } from '../shared/exportCanvas';
import { mountView, renderer } from '../shared/mountView';
import { fmt } from '../serving/data';
import { drawLayerScan, drawStrip } from './charts';
import { ESTIMATE_HELP, maeOf, reading } from './data';
import { HELP } from './help';

const els = {
  summary: byId('summary', HTMLElement),
  reading: byId('reading', HTMLElement),
  strip: byId('strip-chart', SVGSVGElement),
  mae: byId('mae-line', HTMLElement),
  answer: byId('answer', HTMLElement),
  scan: byId('scan-chart', SVGSVGElement),
  scanSection: byId('scan-section', HTMLElement),
};

let shown: RemainingPredictResult | undefined;

mountView({
  view: 'remaining',
  renderers: [renderer(remainingPredictRequest, show)],
  chart: () => (shown === undefined ? undefined : els.strip),
  exportImage: (format, stem) => {
    const svgs = [els.strip, ...(els.scan.childElementCount > 0 ? [els.scan] : [])];
    return format === 'svg' ? exportSvgStack(svgs, stem) : exportSvgStackPng(svgs, stem);
  },
  onClear: clear,
});

function maeText(r: RemainingPredictResult): string {
  const parts = (['refined', 'probeOnly', 'promptOnly'] as const).flatMap((k) => {
    const m = maeOf(r, k);
    return m === undefined ? [] : [`${ESTIMATE_HELP[k].label} ${fmt(m)}`];
  });
  return parts.length === 0 ? '' : `Mean absolute error over this answer (tokens): ${parts.join(' · ')}.`;
}

function renderAnswer(r: RemainingPredictResult): void {
  els.answer.replaceChildren(
    ...r.steps.map((s, i) => {
      const span = document.createElement('span');
      span.className = 'token';
      span.textContent = s.text;
      const truth = s.truth !== undefined ? `, truth ${s.truth}` : '';
      span.title =
        `Token ${i + 1} ${JSON.stringify(s.text)}: remaining refined ${fmt(s.refined)}, probe alone ` +
        `${fmt(s.probeOnly)}, prompt only ${fmt(s.promptOnly)}${truth}`;
      return span;
    }),
  );
}

function draw(): void {
  if (shown === undefined) return;
  const r = shown;
  drawStrip(els.strip, r, r.done ? r.steps.length : Math.max(r.steps.length, Math.round(r.promptOnlyTotal * 1.2)));
  drawLayerScan(els.scan, r);
  els.scanSection.hidden = els.scan.childElementCount === 0 && r.done;
}

function show(r: RemainingPredictResult): void {
  shown = r;
  const state = r.done ? '' : ' (writing…)';
  els.summary.textContent = `Remaining length: ${r.model}, probe on layer ${r.layer} of ${r.layers}${state}`;
  els.reading.textContent = reading(r);
  els.mae.textContent = maeText(r);
  els.mae.title = HELP.mae;
  renderAnswer(r);
  draw();
}

function clear(): void {
  shown = undefined;
  for (const el of [els.strip, els.scan, els.answer]) el.replaceChildren();
  els.reading.textContent = '';
  els.mae.textContent = '';
  els.summary.textContent = 'Waiting for a remaining-length prediction…';
}

let lastWidth = 0;
new ResizeObserver(() => {
  const w = els.strip.parentElement?.clientWidth ?? 0;
  if (w === lastWidth) return;
  lastWidth = w;
  draw();
}).observe(els.strip.parentElement ?? document.body);
