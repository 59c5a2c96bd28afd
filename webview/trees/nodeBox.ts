/**
 * @file The inside of one tree node: its box, its lines of text, the yes/no label of the branch
 * that leads to it, a tooltip, and a badge for nodes cut by the engine (`+N`) or folded by the user.
 * The node's origin is the top centre of its box.
 */
import type { TreeNodeView } from '../../src/shared/trees';
import { clipText } from '../../src/shared/tokenText';
import { formatCount, nodeLines, nodeTitle, type LeafKind } from './format';
import { BOX_WIDTH, LINE_HEIGHT, boxHeight, drawnBelow, isCollapsible, type PlacedNode } from './layout';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Characters that fit on one line of a box at the box font (11px monospace). */
const LINE_CHARS = 31;
const CHAR_WIDTH = 6.7;

function svgEl<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  name: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  parent.append(el);
  return el;
}

/** The badge text of a node, if it has one: `+N` undrawn nodes, `▸ N` folded, `▾` unfolded. */
export function badgeText(node: TreeNodeView, collapsed: boolean): string | undefined {
  if (node.hidden !== undefined && node.hidden > 0) return `+${formatCount(node.hidden)}`;
  if (!isCollapsible(node)) return undefined;
  return collapsed ? `▸ ${formatCount(drawnBelow(node))}` : '▾';
}

function drawBadge(g: SVGGElement, node: TreeNodeView, collapsed: boolean, top: number): void {
  const text = badgeText(node, collapsed);
  if (text === undefined) return;
  const cut = node.hidden !== undefined && node.hidden > 0;
  const badge = svgEl(g, 'g', {
    class: `node-badge ${cut ? 'hidden-badge' : 'toggle-badge'}`,
    transform: `translate(0,${top})`,
  });
  const width = text.length * CHAR_WIDTH + 12;
  svgEl(badge, 'rect', { x: -width / 2, y: 0, width, height: 16, rx: 8 });
  svgEl(badge, 'text', { x: 0, y: 12, 'text-anchor': 'middle' }).textContent = text;
}

function branchLabel(p: PlacedNode): string | undefined {
  const siblings = p.parent?.data.children;
  if (!siblings) return undefined;
  return siblings.indexOf(p.data) === 0 ? 'yes' : 'no';
}

/** Replaces the content of `g` with the drawing of `p` (folded when `collapsed`). */
export function drawNodeContent(g: SVGGElement, p: PlacedNode, collapsed: boolean, leaves: LeafKind): void {
  g.replaceChildren();
  const node = p.data;
  const h = boxHeight(node, leaves);
  svgEl(g, 'title', {}).textContent = nodeTitle(node, leaves);
  svgEl(g, 'rect', { class: 'node-box', x: -BOX_WIDTH / 2, y: 0, width: BOX_WIDTH, height: h, rx: 3 });
  nodeLines(node, leaves).forEach((line, i) => {
    const y = 5 + i * LINE_HEIGHT + 11;
    svgEl(g, 'text', { class: `node-line ${line.kind}`, x: -BOX_WIDTH / 2 + 8, y }).textContent = clipText(
      line.text,
      LINE_CHARS,
    );
  });
  const branch = branchLabel(p);
  if (branch !== undefined) {
    // The link arrives from the parent's side: the label goes on the other side of its end.
    const left = p.parent !== null && p.x < p.parent.x;
    const attrs = { class: `branch-label ${branch}`, x: left ? -6 : 6, y: -6, 'text-anchor': left ? 'end' : 'start' };
    svgEl(g, 'text', attrs).textContent = branch;
  }
  drawBadge(g, node, collapsed, h + 4);
}
