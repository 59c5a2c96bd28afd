/**
 * @file Entry of the decision-tree trace view (bundled to `dist/webview/trees.js` and `.css`): why a
 * tree LM predicted a token, as the path through each drawn tree, the steps in words and the top
 * candidates. Runs in a VS Code webview (data by `postMessage`) and in an HTML report
 * (data in `#model-lens-data`).
 */
import '../shared/base.css';
import './style.css';
import { treesTraceRequest, type TreeNodeView, type TreesTraceResult } from '../../src/shared/trees';
import { byId } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { drawTree, type TreeDrawing } from './draw';
import { quoteToken, summaryText } from './format';
import { defaultCollapsed, isCollapsible } from './layout';
import { renderSteps, renderTop } from './panels';

interface Elements {
  readonly summary: HTMLElement;
  readonly top: HTMLElement;
  readonly steps: HTMLElement;
  readonly trees: HTMLElement;
}

/** One drawn tree: its drawing state, its SVG and its nodes by id. */
interface ShownTree {
  readonly drawing: TreeDrawing;
  readonly svg: SVGSVGElement;
  readonly nodes: ReadonlyMap<number, TreeNodeView>;
}

interface Shown {
  readonly result: TreesTraceResult;
  readonly trees: readonly ShownTree[];
  selected: { readonly tree: number; readonly node: number } | undefined;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

let shown: Shown | undefined;
let found: Elements | undefined;

/** The view's containers, found on first use: `mountView` mounts the body before it shows anything. */
function els(): Elements {
  found ??= {
    summary: byId('summary', HTMLElement),
    top: byId('top', HTMLElement),
    steps: byId('path-steps', HTMLElement),
    trees: byId('trees', HTMLElement),
  };
  return found;
}

const view = mountView({
  view: 'trees',
  renderers: [renderer(treesTraceRequest, showTrace)],
  // With no tree drawn, an empty drawing still lets the trace be saved as JSON.
  chart: () => (shown === undefined ? undefined : (shown.trees[0]?.svg ?? document.createElementNS(SVG_NS, 'svg'))),
  onClear: clearView,
});

function indexNodes(root: TreeNodeView): Map<number, TreeNodeView> {
  const map = new Map<number, TreeNodeView>();
  const visit = (n: TreeNodeView): void => {
    map.set(n.node, n);
    n.children?.forEach(visit);
  };
  visit(root);
  return map;
}

/** Scrolls a tree's container so its root is in the middle (the path may drift far to one side). */
function centreOnRoot(scroll: HTMLElement, svg: SVGSVGElement): void {
  const root = svg.querySelector('g.tree-node')?.getBoundingClientRect();
  if (!root) return;
  scroll.scrollLeft += root.left + root.width / 2 - scroll.getBoundingClientRect().left - scroll.clientWidth / 2;
}

function treeSection(t: TreesTraceResult['trees'][number], i: number, r: TreesTraceResult): ShownTree {
  const section = document.createElement('section');
  section.className = 'tree-section';
  const title = section.appendChild(document.createElement('h2'));
  title.className = 'panel-title tree-title';
  const cls = t.classToken !== undefined ? ` · score of ${quoteToken(t.classToken)}` : '';
  title.textContent = r.trees.length > 1 || r.model.learner === 'boosted' ? `Tree ${t.index}${cls}` : 'Tree';
  const scroll = section.appendChild(document.createElement('div'));
  scroll.className = 'tree-scroll';
  const svg = scroll.appendChild(document.createElementNS(SVG_NS, 'svg'));
  svg.setAttribute('class', 'tree-diagram');
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', `Decision tree ${t.index}: the path taken and its siblings`);
  svg.dataset['tree'] = String(i);
  els().trees.append(section);
  const leaves = r.model.learner === 'boosted' ? 'scores' : 'tokens';
  const drawing: TreeDrawing = { root: t.root, leaves, collapsed: defaultCollapsed(t.root), previous: new Map() };
  drawTree(svg, drawing);
  centreOnRoot(scroll, svg);
  return { drawing, svg, nodes: indexNodes(t.root) };
}

function showTrace(r: TreesTraceResult, source: string | undefined): void {
  els().trees.replaceChildren();
  shown = { result: r, trees: r.trees.map((t, i) => treeSection(t, i, r)), selected: undefined };
  els().summary.textContent = summaryText(r);
  document.title = `Tree trace · ${source ?? r.source}`;
  renderTop(els().top, r);
  renderSteps(els().steps, r);
  if (r.trees.length === 0) {
    const note = els().trees.appendChild(document.createElement('p'));
    note.className = 'trees-empty';
    note.textContent = 'The model drew no trees for this prediction.';
  }
}

function clearView(): void {
  shown = undefined;
  els().trees.replaceChildren();
  els().top.replaceChildren();
  els().steps.replaceChildren();
  els().summary.textContent = 'Waiting for a prediction trace…';
}

function nodeElement(tree: number, node: number): SVGGElement | null {
  return els().trees.querySelector<SVGGElement>(
    `svg.tree-diagram[data-tree="${tree}"] g.tree-node[data-node="${node}"]`,
  );
}

/** Marks the node and its step as selected and scrolls the other one into view. */
function select(tree: number, node: number, from: 'tree' | 'step'): void {
  if (!shown) return;
  for (const el of els().trees.querySelectorAll('.tree-node.selected')) el.classList.remove('selected');
  for (const el of els().steps.querySelectorAll('.path-step.selected')) el.classList.remove('selected');
  shown.selected = { tree, node };
  const g = nodeElement(tree, node);
  const li = els().steps.querySelector<HTMLElement>(`li.path-step[data-tree="${tree}"][data-node="${node}"]`);
  g?.classList.add('selected');
  li?.classList.add('selected');
  (from === 'tree' ? li : g)?.scrollIntoView({ block: 'nearest', inline: 'center' });
}

function activateNode(tree: number, id: number): void {
  const t = shown?.trees[tree];
  const node = t?.nodes.get(id);
  if (!t || !node) return;
  if (isCollapsible(node)) {
    if (!t.drawing.collapsed.delete(id)) t.drawing.collapsed.add(id);
    drawTree(t.svg, t.drawing);
    nodeElement(tree, id)?.focus();
  }
  if (node.onPath && node.split !== undefined) select(tree, id, 'tree');
  if (node.source !== undefined) view.host.post({ type: 'reveal', start: node.source.start, end: node.source.end });
  if (shown?.selected) nodeElement(shown.selected.tree, shown.selected.node)?.classList.add('selected');
}

function onTreeEvent(event: Event): void {
  const g = (event.target as Element | null)?.closest<SVGGElement>('g.tree-node');
  const svg = g?.closest<SVGSVGElement>('svg.tree-diagram');
  if (!g || !svg) return;
  if (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== ' ') return;
  event.preventDefault();
  activateNode(Number(svg.dataset['tree']), Number(g.dataset['node']));
}

function onStepEvent(event: Event): void {
  const li = (event.target as Element | null)?.closest<HTMLElement>('li.path-step');
  if (!li) return;
  if (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== ' ') return;
  event.preventDefault();
  select(Number(li.dataset['tree']), Number(li.dataset['node']), 'step');
  const { start, end } = li.dataset;
  if (start !== undefined && end !== undefined)
    view.host.post({ type: 'reveal', start: Number(start), end: Number(end) });
}

function start(): void {
  for (const type of ['click', 'keydown']) {
    els().trees.addEventListener(type, onTreeEvent);
    els().steps.addEventListener(type, onStepEvent);
  }
}

start();
