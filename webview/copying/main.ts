/**
 * @file Entry of the copy and lookup view (bundled to `dist/webview/copying.js` and `.css`): string accuracy
 * against span length per model with the fixed-state bound, the surprisal of the first and second copy, the
 * lookup result, and the tasks with their first wrong token; a task's button asks the host to show where the
 * model reads from (the token-dependencies command on the task's text).
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import { copyProbeRequest, type CopyProbeResult } from '../../src/shared/copying';
import { byId } from '../shared/dom';
import { exportSvgStack, exportSvgStackPng } from '../shared/exportCanvas';
import { mountView, renderer } from '../shared/mountView';
import { drawAccuracy, drawSurprisal } from './charts';
import { renderAccuracyLegend, renderLookup, renderSurprisalLegend, renderTasks } from './tables';

const els = {
  summary: byId('summary', HTMLElement),
  accuracy: byId('accuracy-chart', SVGSVGElement),
  accuracyLegend: byId('accuracy-legend', HTMLUListElement),
  boundNote: byId('bound-note', HTMLElement),
  surprisal: byId('surprisal-chart', SVGSVGElement),
  surprisalLegend: byId('surprisal-legend', HTMLUListElement),
  lookup: byId('lookup-table', HTMLTableElement),
  tasks: byId('tasks-table', HTMLTableElement),
};
const sections = ['accuracy', 'surprisal', 'lookup', 'tasks'].map((id) => byId(`${id}-section`, HTMLElement));

let shown: CopyProbeResult | undefined;

const view = mountView({
  view: 'copying',
  renderers: [renderer(copyProbeRequest, show)],
  chart: () => (shown === undefined ? undefined : els.accuracy),
  exportImage: (format, stem) => {
    const svgs = [els.accuracy, els.surprisal];
    return format === 'svg' ? exportSvgStack(svgs, stem) : exportSvgStackPng(svgs, stem);
  },
  onClear: clear,
});

/** Asks the host to show where model `m` reads from in its example `k` (the host keeps the result it showed). */
function showWhere(m: number, k: number): void {
  view.host.post({ type: 'action', action: 'showDependencies', arg: `${m}:${k}` });
}

function boundNote(r: CopyProbeResult): string {
  return r.models
    .filter((m) => m.vacuousBelow !== undefined)
    .map(
      (m) =>
        `${m.model}'s state holds ${m.stateBits ?? 0} bits: its bound is 1, saying nothing, below length ` +
        `${(m.vacuousBelow ?? 0).toFixed(1)} (stateBits / log2 D with D = ${m.alphabet?.length ?? 0} symbols).`,
    )
    .join(' ');
}

function draw(): void {
  if (shown === undefined) return;
  drawAccuracy(els.accuracy, shown);
  drawSurprisal(els.surprisal, shown);
}

function show(r: CopyProbeResult): void {
  shown = r;
  const of = r.source === undefined ? '' : ` of ${r.source}`;
  const models = r.models.map((m) => m.model).join(', ');
  els.summary.textContent = `Copy & Lookup Probe${of}: ${models}, up to ${r.tasks} tasks per length`;
  const [acc, sur, look, tasks] = sections;
  for (const s of [acc, sur, tasks]) if (s !== undefined) s.hidden = false;
  if (look !== undefined) look.hidden = !renderLookup(els.lookup, r);
  renderAccuracyLegend(els.accuracyLegend, r);
  renderSurprisalLegend(els.surprisalLegend, r);
  els.boundNote.textContent = boundNote(r);
  els.boundNote.hidden = els.boundNote.textContent === '';
  renderTasks(els.tasks, r, showWhere);
  draw();
}

function clear(): void {
  shown = undefined;
  for (const s of sections) s.hidden = true;
  for (const el of [els.accuracy, els.surprisal, els.lookup, els.tasks]) el.replaceChildren();
  els.summary.textContent = 'Copy & Lookup Probe: run the command Model Lens: Copy & Lookup Probe.';
}

let lastWidth = 0;
new ResizeObserver(() => {
  const w = els.accuracy.parentElement?.clientWidth ?? 0;
  if (w === lastWidth) return;
  lastWidth = w;
  draw();
}).observe(els.accuracy.parentElement ?? document.body);
