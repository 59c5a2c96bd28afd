/**
 * @file Draws one decision tree into an `svg.tree-diagram` with d3 joins keyed on node ids, so
 * folding or unfolding a node moves the boxes and links to their new places with a transition.
 */
import { select, type BaseType, type Selection } from 'd3-selection';
import { linkVertical } from 'd3-shape';
import 'd3-transition';
import type { TreeNodeView } from '../../src/shared/trees';
import type { LeafKind } from './format';
import { MARGIN, boxHeight, layoutTree, type PlacedNode } from './layout';
import { drawNodeContent } from './nodeBox';

/** Where a node's box is: top centre and height. */
export interface Place {
  readonly x: number;
  readonly y: number;
  readonly h: number;
}

/** Drawing state of one tree: what is folded and where each node was last drawn. */
export interface TreeDrawing {
  readonly root: TreeNodeView;
  readonly leaves: LeafKind;
  readonly collapsed: Set<number>;
  /** Last drawn place of each node: where the next transition starts. */
  readonly previous: Map<number, Place>;
}

type Point = [number, number];
type Link = { readonly source: PlacedNode; readonly target: PlacedNode };
type Layer = Selection<SVGGElement, null, SVGGElement, null>;

const DURATION = 300;
const curve = linkVertical<{ source: Point; target: Point }, Point>();

/** A link from the bottom centre of `from` to the top centre of `to`. */
function linkPath(from: Place, to: Place): string {
  return curve({ source: [from.x, from.y + from.h], target: [to.x, to.y] }) ?? '';
}

/** A zero-length link at the bottom of `at`: where links grow from and shrink to. */
function stubPath(at: Place): string {
  return linkPath(at, { x: at.x, y: at.y + at.h, h: 0 });
}

function animated(): boolean {
  return !globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}

/** Sets attributes now, or moves them there in one transition (two would interrupt each other). */
function moveTo<E extends Element, D>(
  sel: Selection<E, D, SVGGElement, unknown>,
  animate: boolean,
  attrs: Record<string, (d: D) => string>,
): void {
  const entries = Object.entries(attrs);
  if (!animate) for (const [name, value] of entries) sel.attr(name, value);
  else {
    const t = sel.transition().duration(DURATION);
    for (const [name, value] of entries) t.attr(name, value);
  }
}

/** Removes `sel`: at once, or after moving it to `attrs` when animated. */
function removeTo<E extends Element, D>(
  sel: Selection<E, D, SVGGElement, unknown>,
  animate: boolean,
  attrs: Record<string, (d: D) => string>,
): void {
  if (!animate) {
    sel.remove();
    return;
  }
  const t = sel.transition().duration(DURATION);
  for (const [name, value] of Object.entries(attrs)) t.attr(name, value);
  t.remove();
}

function nodeClass(n: TreeNodeView, collapsed: ReadonlySet<number>): string {
  const classes = ['tree-node', n.split !== undefined ? 'split' : 'leaf'];
  if (n.onPath) classes.push('on-path');
  if (n.source !== undefined) classes.push('has-source');
  if (collapsed.has(n.node)) classes.push('collapsed');
  if (!n.onPath && (n.children?.length ?? 0) > 0) classes.push('collapsible');
  return classes.join(' ');
}

function layer<P extends BaseType, PD>(parent: Selection<SVGGElement, null, P, PD>, name: string): Layer {
  return parent.selectAll<SVGGElement, null>(`g.${name}`).data([null]).join('g').attr('class', name);
}

/** Where a node entering under `p` starts, or a leaving one ends: its nearest drawn ancestor. */
function origin(p: PlacedNode, places: ReadonlyMap<number, Place>): Place | undefined {
  for (let a = p.parent; a; a = a.parent) {
    const at = places.get(a.data.node);
    if (at) return at;
  }
  return undefined;
}

/** What `drawLinks` and `drawNodes` need: the state, whether to animate, and the new places. */
interface Pass {
  readonly d: TreeDrawing;
  readonly animate: boolean;
  readonly now: ReadonlyMap<number, Place>;
}

function drawLinks(g: Layer, links: Link[], { d, animate, now }: Pass): void {
  const place = (p: PlacedNode): Place => now.get(p.data.node) ?? { x: p.x, y: p.y, h: 0 };
  const join = g.selectAll<SVGPathElement, Link>('path.tree-link').data(links, (l) => String(l.target.data.node));
  const start = (l: Link): string => {
    const o = animate ? origin(l.target, d.previous) : undefined;
    return o ? stubPath(o) : linkPath(place(l.source), place(l.target));
  };
  const merged = join.enter().append('path').attr('d', start).merge(join);
  merged.attr('class', (l) => `tree-link${l.source.data.onPath && l.target.data.onPath ? ' on-path' : ''}`);
  moveTo(merged, animate, { d: (l) => linkPath(place(l.source), place(l.target)) });
  removeTo(join.exit<Link>(), animate, { d: (l) => stubPath(origin(l.target, now) ?? place(l.source)) });
}

function drawNodes(g: Layer, nodes: PlacedNode[], { d, animate, now }: Pass): void {
  const at = (p: { x: number; y: number }): string => `translate(${p.x},${p.y})`;
  const join = g.selectAll<SVGGElement, PlacedNode>('g.tree-node').data(nodes, (p) => String(p.data.node));
  const entered = join
    .enter()
    .append('g')
    .attr('transform', (p) => at((animate ? origin(p, d.previous) : undefined) ?? p))
    .attr('opacity', animate ? 0 : 1);
  const merged = entered
    .merge(join)
    .attr('class', (p) => nodeClass(p.data, d.collapsed))
    .attr('data-node', (p) => String(p.data.node))
    .attr('data-on-path', (p) => String(p.data.onPath))
    .each(function (p) {
      drawNodeContent(this, p, d.collapsed.has(p.data.node), d.leaves);
    });
  merged
    .filter((p) => p.data.onPath || p.data.source !== undefined || (p.data.children?.length ?? 0) > 0)
    .attr('tabindex', '0')
    .attr('role', 'button');
  moveTo(merged, animate, { transform: (p) => at(p), opacity: () => '1' });
  removeTo(join.exit<PlacedNode>(), animate, { opacity: () => '0', transform: (p) => at(origin(p, now) ?? p) });
}

/** Draws (or redraws, animated) `d` into `svg`, sized to the layout so a scrolling parent can show it all. */
export function drawTree(svg: SVGSVGElement, d: TreeDrawing): void {
  const layout = layoutTree(d.root, d.collapsed, d.leaves);
  const animate = d.previous.size > 0 && animated();
  const width = Math.ceil(layout.right - layout.left + 2 * MARGIN);
  const height = Math.ceil(layout.bottom + 24 + 2 * MARGIN);
  const s = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  const root = s.selectAll<SVGGElement, null>('g.tree-root').data([null]).join('g').attr('class', 'tree-root');
  const offset = `translate(${MARGIN - layout.left},${MARGIN})`;
  if (animate) root.transition().duration(DURATION).attr('transform', offset);
  else root.attr('transform', offset);
  const nodes = layout.root.descendants();
  const now = new Map<number, Place>(
    nodes.map((p) => [p.data.node, { x: p.x, y: p.y, h: boxHeight(p.data, d.leaves) }]),
  );
  const pass: Pass = { d, animate, now };
  drawLinks(layer(root, 'tree-links'), layout.root.links(), pass);
  drawNodes(layer(root, 'tree-nodes'), nodes, pass);
  d.previous.clear();
  for (const [id, p] of now) d.previous.set(id, p);
}
