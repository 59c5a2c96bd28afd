/**
 * @file Entry of the Memorization vs Reasoning view (bundled to `dist/webview/moeSweep.js` and `.css`): the reading,
 * the headline checks, the legend and, per task, accuracy against total and against active parameters; the form
 * asks the host to re-measure every model on a sample, and the live points arrive model by model.
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import {
  moeSweepRequest,
  REMEASURE_ACTION,
  parseSample,
  SWEEP_TASKS,
  type Headline,
  type MoeSweepResult,
} from '../../src/shared/moeSweep';
import { byId } from '../shared/dom';
import { exportSvgStack, exportSvgStackPng } from '../shared/exportCanvas';
import { mountView, renderer } from '../shared/mountView';
import { drawSweepChart } from './charts';
import { COLOURS, reading } from './data';

let shown: MoeSweepResult | undefined;

const charts = (): SVGSVGElement[] =>
  SWEEP_TASKS.flatMap((t) => [byId(`${t}-total`, SVGSVGElement), byId(`${t}-active`, SVGSVGElement)]).filter(
    (s) => s.childElementCount > 0,
  );

const view = mountView({
  view: 'moeSweep',
  renderers: [renderer(moeSweepRequest, show)],
  chart: () => charts()[0],
  exportImage: (format, stem) =>
    format === 'svg' ? exportSvgStack(charts(), stem) : exportSvgStackPng(charts(), stem),
  onClear: () => undefined,
});

function legendItem(cls: string, colour: string, label: string, title: string): HTMLLIElement {
  const li = document.createElement('li');
  const k = document.createElement('span');
  k.className = `mark ${cls}`;
  k.style.setProperty('--mark', colour);
  li.append(k, label);
  li.title = title;
  return li;
}

function renderLegend(live: boolean): void {
  const items = [
    legendItem('dot', COLOURS.moe, 'MoE, joined in order of E', 'Mixture-of-experts models, top-2 routing'),
    legendItem('square', COLOURS.dense1, 'dense 1×', 'The dense model of the MoE models’ active width'),
    legendItem('diamond', COLOURS.dense2, 'dense 2×', 'The dense model of twice that width'),
  ];
  if (live) items.push(legendItem('ring', COLOURS.live, 'live re-measure, 95 % interval', 'Wilson score interval'));
  byId('legend', HTMLElement).replaceChildren(...items);
}

function renderChecks(h: Headline): void {
  const items = [h.phonebookRise, h.pathRange].map((c, i) => {
    const li = document.createElement('li');
    li.className = c.holds === null ? 'check unknown' : c.holds ? 'check holds' : 'check fails';
    const verdict = c.holds === null ? '–' : c.holds ? '✓' : '✗';
    li.textContent = `${verdict} ${c.text}${i === 1 ? ` ${h.denseGap.text}` : ''}`;
    li.title = i === 0 ? 'Holds when the rise is at least 30 points.' : 'Holds when the range is below the dense gap.';
    return li;
  });
  const from = document.createElement('li');
  from.className = 'check-from';
  from.textContent =
    h.from === 'live' ? 'From the live sample:' : 'From the accuracy measured when the models were built:';
  byId('checks', HTMLElement).replaceChildren(from, ...items);
}

function drawAll(): void {
  const r = shown;
  if (r === undefined) return;
  for (const task of SWEEP_TASKS) {
    const models = r.models.filter((m) => m.task === task);
    byId(`${task}-section`, HTMLElement).hidden = models.length === 0;
    drawSweepChart(byId(`${task}-total`, SVGSVGElement), models, 'totalParams');
    drawSweepChart(byId(`${task}-active`, SVGSVGElement), models, 'activeParams');
  }
}

function show(r: MoeSweepResult): void {
  shown = r;
  const live =
    r.live === undefined ? '' : `, live on ${r.live.sample} items (${r.live.done} of ${r.models.length} models)`;
  byId('summary', HTMLElement).textContent = `Memorization vs reasoning: ${r.models.length} zoo models${live}`;
  byId('reading', HTMLElement).textContent = reading(r);
  renderChecks(r.live?.headline ?? r.headline);
  renderLegend(r.live !== undefined);
  drawAll();
}

byId('remeasure-form', HTMLFormElement).addEventListener('submit', (e) => {
  e.preventDefault();
  const parsed = parseSample(byId('sample', HTMLInputElement).value);
  const problem = byId('form-problem', HTMLElement);
  problem.hidden = 'sample' in parsed;
  if ('problem' in parsed) {
    problem.textContent = parsed.problem;
    return;
  }
  view.status('running', 'Starting the live re-measure…');
  view.host.post({ type: 'action', action: REMEASURE_ACTION, arg: String(parsed.sample) });
});

let lastWidth = 0;
new ResizeObserver(() => {
  const w = document.body.clientWidth;
  if (w === lastWidth) return;
  lastWidth = w;
  drawAll();
}).observe(document.body);
