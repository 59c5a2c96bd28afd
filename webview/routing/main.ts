/**
 * @file Entry of the routing view (bundled to `dist/webview/routing.js` and `.css`): one line saying what the
 * routing shows, the layer picker (it also recolours the editor), the experts' colour legend, the load histogram
 * with the layer's statistics, and the expert × token-kind heatmap. SVG and PNG export the two charts stacked.
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import {
  expertColour,
  expertsText,
  ROUTING_LAYER_ACTION,
  routingRequest,
  type RoutingResult,
} from '../../src/shared/routing';
import { byId, statEntry } from '../shared/dom';
import { exportSvgStack, exportSvgStackPng } from '../shared/exportCanvas';
import { mountView, renderer } from '../shared/mountView';
import { sig } from '../shared/numbers';
import { drawKinds, drawLoad } from './charts';
import { readingOf } from './data';
import { HELP } from './help';

const els = {
  summary: byId('summary', HTMLElement),
  reading: byId('reading', HTMLElement),
  layer: byId('layer-select', HTMLSelectElement),
  legend: byId('expert-legend', HTMLUListElement),
  load: byId('load-chart', SVGSVGElement),
  stats: byId('stats', HTMLDListElement),
  kinds: byId('kinds-chart', SVGSVGElement),
};

let shown: RoutingResult | undefined;
let selected = 0;

const charts = (): SVGSVGElement[] => (shown === undefined ? [] : [els.load, els.kinds]);

const view = mountView({
  view: 'routing',
  renderers: [renderer(routingRequest, show)],
  chart: () => (shown === undefined ? undefined : els.load),
  exportImage: (format, stem) =>
    format === 'svg' ? exportSvgStack(charts(), stem) : exportSvgStackPng(charts(), stem),
  onClear: clear,
});

els.layer.addEventListener('change', () => {
  selected = Number(els.layer.value);
  draw();
  view.host.post({ type: 'action', action: ROUTING_LAYER_ACTION, arg: els.layer.value });
});

const fileName = (source: string): string =>
  source
    .split(/[\\/]/u)
    .filter((p) => p !== '')
    .pop() ?? source;

function draw(): void {
  const r = shown;
  const l = r?.layers[selected];
  if (r === undefined || l === undefined) return;
  els.reading.textContent = readingOf(l);
  const width = Math.max(240, Math.floor(els.load.parentElement?.clientWidth ?? 640));
  drawLoad(els.load, r, l, width);
  drawKinds(els.kinds, r, l, width);
  els.stats.replaceChildren(
    ...statEntry('experts × top-k', `${r.experts} × ${r.topK}`, HELP.topK),
    ...statEntry('aux loss', sig(l.auxLoss, 4), HELP.auxLoss),
    ...statEntry('CV of loads', sig(l.cv, 4), HELP.cv),
    ...statEntry('entropy', sig(l.entropy, 4), HELP.entropy),
    ...statEntry('dead experts', l.dead.length === 0 ? 'none' : l.dead.join(', '), HELP.dead),
  );
}

function legend(r: RoutingResult): HTMLElement[] {
  return Array.from({ length: r.experts }, (_, e) => {
    const li = document.createElement('li');
    li.title = `Tokens whose first expert is ${e} are coloured like this in the editor`;
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = expertColour(e);
    li.append(swatch, `expert ${e}`);
    return li;
  });
}

function show(r: RoutingResult): void {
  shown = r;
  if (selected >= r.layers.length) selected = 0;
  const T = r.tokens.start.length;
  const what = `${T} tokens, ${expertsText(r.experts)}, top-${r.topK}`;
  els.summary.textContent = `Expert routing of ${fileName(r.source)} by ${r.model}: ${what}`;
  els.summary.title = `${r.source}, ${r.windows} window(s) of ${r.context} tokens. ${HELP.topK}`;
  document.title = `Routing · ${fileName(r.source)}`;
  els.layer.replaceChildren(...r.layers.map((l, i) => new Option(`layer ${l.layer}`, String(i))));
  els.layer.value = String(selected);
  els.legend.replaceChildren(...legend(r));
  draw();
}

function clear(): void {
  shown = undefined;
  els.summary.textContent = 'Waiting for expert routing…';
  for (const el of [els.reading, els.legend, els.load, els.stats, els.kinds, els.layer]) el.replaceChildren();
}
