/**
 * @file Entry of the model-file inspector view (bundled to `dist/webview/inspect.js` and `.css`): the summary,
 * one line saying what the user sees, the Analyse buttons (disabled with the reason in a restricted workspace),
 * parameter counts with tooltips saying how they were counted, and the LoRA, inputs/outputs, layer graph,
 * tensor tree and metadata sections. SVG and PNG export the layer graph.
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import {
  byteSize,
  INSPECT_ANALYSE_ACTION,
  inspectAccessKind,
  inspectRequest,
  ROUTE_LABELS,
  type InspectReport,
} from '../../src/shared/inspect';
import { byId, statEntry } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { drawGraph } from './graph';
import { drawTree, initialFolds } from './tree';
import { ioTable, loraTable, metadataTable } from './tables';

const els = {
  summary: byId('summary', HTMLElement),
  reading: byId('reading', HTMLElement),
  routes: byId('routes', HTMLElement),
  counts: byId('counts', HTMLDListElement),
  lora: byId('lora-table', HTMLTableElement),
  exposed: byId('exposed', HTMLElement),
  io: byId('io-table', HTMLTableElement),
  graph: byId('graph-chart', SVGSVGElement),
  filter: byId('tree-filter', HTMLInputElement),
  tree: byId('tree-table', HTMLTableElement),
  metadata: byId('metadata-table', HTMLTableElement),
};

let shown: InspectReport | undefined;
let access = { allowed: true, reason: '' };
let folded = new Set<number>();

const view = mountView({
  view: 'inspect',
  renderers: [renderer(inspectRequest, show), renderer(inspectAccessKind, setAccess)],
  chart: () => (shown?.onnx === undefined ? undefined : els.graph),
  onClear: clear,
});

els.filter.addEventListener('input', () => redrawTree());

const count = (n: number) => n.toLocaleString('en-US');
const fileName = (source: string): string =>
  source
    .split(/[\\/]/u)
    .filter((p) => p !== '')
    .pop() ?? source;

function sectionShown(id: string, on: boolean): void {
  const el = document.getElementById(`${id}-section`);
  if (el !== null) el.hidden = !on;
}

function counts(r: InspectReport): HTMLElement[] {
  const p = r.params;
  const [total = '', experts = '', active = ''] = p.how;
  const out = [...statEntry('parameters', count(p.total), total)];
  if (p.experts !== undefined)
    out.push(
      ...statEntry(
        'experts',
        `${p.experts.count} × ${p.experts.layers} layers, top-k ${p.experts.topK ?? '?'}`,
        experts,
      ),
    );
  if (p.active !== undefined) out.push(...statEntry('active per token', count(p.active), active));
  else if (p.experts !== undefined) out.push(...statEntry('active per token', 'unknown', active));
  out.push(...statEntry('stored', byteSize(r.fileBytes), 'Bytes of the file (with its external data, for ONNX)'));
  const dtypes = r.dtypes.map((d) => `${d.dtype} ${count(d.params)}`).join(', ');
  out.push(...statEntry('dtypes', dtypes, 'Parameters stored in each element type'));
  return out;
}

function routeButtons(r: InspectReport): HTMLButtonElement[] {
  return r.routes.map((route) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'route';
    b.dataset['route'] = route;
    b.textContent = `Analyse with ${ROUTE_LABELS[route]}`;
    b.disabled = !access.allowed;
    b.title = access.allowed
      ? `Run ${ROUTE_LABELS[route]} with this ${r.format === 'peft' ? 'adapter' : 'model'}, on the file open beside it`
      : access.reason;
    b.addEventListener('click', () => view.host.post({ type: 'action', action: INSPECT_ANALYSE_ACTION, arg: route }));
    return b;
  });
}

function readingOf(r: InspectReport): string {
  const parts = [`${count(r.tensors)} tensors, ${count(r.params.total)} parameters`];
  if (r.onnx !== undefined) parts.push(`a graph of ${count(r.onnx.nodes)} nodes in ${r.onnx.groups.length} groups`);
  if (r.lora !== undefined) parts.push(`${r.lora.modules.length} LoRA modules (r ${r.lora.rank} in the config)`);
  const routes =
    r.routes.length === 0
      ? 'no analysis runs this file as it is'
      : `it opens in ${r.routes.length} ${r.routes.length === 1 ? 'analysis' : 'analyses'}`;
  return `You see ${parts.join(', ')}; ${routes}.${r.notes.length > 0 ? ` ${r.notes.join(' ')}` : ''}`;
}

function redrawTree(): void {
  if (shown === undefined) return;
  drawTree(els.tree, shown.tree, folded, els.filter.value, (i) => {
    if (!folded.delete(i)) folded.add(i);
    redrawTree();
  });
}

function show(r: InspectReport): void {
  shown = r;
  folded = initialFolds(r.tree);
  els.summary.textContent = `${fileName(r.source)}: ${r.format.toUpperCase()}, ${byteSize(r.fileBytes)}`;
  els.summary.title = r.source;
  document.title = `Inspect · ${fileName(r.source)}`;
  els.reading.textContent = readingOf(r);
  els.routes.replaceChildren(...routeButtons(r));
  els.counts.replaceChildren(...counts(r));
  sectionShown('lora', r.lora !== undefined);
  if (r.lora !== undefined) loraTable(els.lora, r);
  sectionShown('io', r.onnx !== undefined);
  sectionShown('graph', r.onnx !== undefined);
  if (r.onnx !== undefined) {
    const e = r.onnx.exposed;
    els.exposed.textContent =
      `Exposed: logits ${e.logits ? 'yes' : 'no'}, attentions ${e.attentions}, hidden states ${e.hiddenStates}, ` +
      `router logits ${e.routerLogits}, present key/values ${e.presentKeyValues}.`;
    ioTable(els.io, r);
    drawGraph(els.graph, r.onnx, graphWidth());
  }
  sectionShown('tree', true);
  redrawTree();
  sectionShown('metadata', r.metadata.length > 0);
  metadataTable(els.metadata, r);
}

function graphWidth(): number {
  return Math.max(320, Math.floor(els.graph.parentElement?.clientWidth ?? 760));
}

let lastWidth = 0;
new ResizeObserver(() => {
  const width = graphWidth();
  if (width === lastWidth || shown?.onnx === undefined) return;
  lastWidth = width;
  drawGraph(els.graph, shown.onnx, width);
}).observe(document.body);

function setAccess(a: { readonly allowed: boolean; readonly reason: string }): void {
  access = { allowed: a.allowed, reason: a.reason };
  if (shown !== undefined) els.routes.replaceChildren(...routeButtons(shown));
}

function clear(): void {
  shown = undefined;
  els.summary.textContent = 'Waiting for a model file…';
  for (const el of [els.reading, els.routes, els.counts, els.lora, els.io, els.graph, els.tree, els.metadata])
    el.replaceChildren();
  for (const id of ['lora', 'io', 'graph', 'tree', 'metadata']) sectionShown(id, false);
}
