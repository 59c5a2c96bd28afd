/**
 * @file Tree layout: d3-hierarchy's tidy tree, top down, with each node a box whose height follows
 * its lines of text. Each depth gets a row as tall as its tallest box. Folded nodes lay out as leaves.
 */
import { hierarchy, tree, type HierarchyPointNode } from 'd3-hierarchy';
import type { TreeNodeView } from '../../src/shared/trees';
import { nodeLines, type LeafKind } from './format';

/** Width of a node's box. */
export const BOX_WIDTH = 224;
/** Height of one text line in a box. */
export const LINE_HEIGHT = 15;
/** Empty space around the drawing. */
export const MARGIN = 16;
/** Vertical room between rows, for the links, branch labels and badges. */
export const ROW_GAP = 46;

const BOX_PADDING = 10;
const SIBLING_GAP = 18;
const COUSIN_GAP = 36;

/** A laid-out node: `x` is the horizontal centre of its box, `y` its top edge. */
export type PlacedNode = HierarchyPointNode<TreeNodeView>;

/** A laid-out tree and the extent of its boxes. */
export interface TreeLayout {
  readonly root: PlacedNode;
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
}

/** Height of a node's box. */
export function boxHeight(node: TreeNodeView, leaves: LeafKind): number {
  return nodeLines(node, leaves).length * LINE_HEIGHT + BOX_PADDING;
}

/** True when clicking the node may fold or unfold it: off the path, with drawn children. */
export function isCollapsible(node: TreeNodeView): boolean {
  return !node.onPath && (node.children?.length ?? 0) > 0;
}

/** Every collapsible node: the default state, so only the path and its direct siblings show. */
export function defaultCollapsed(root: TreeNodeView): Set<number> {
  const collapsed = new Set<number>();
  const visit = (n: TreeNodeView): void => {
    if (isCollapsible(n)) collapsed.add(n.node);
    n.children?.forEach(visit);
  };
  visit(root);
  return collapsed;
}

/** Top of each row: row `d` starts below the tallest box of row `d - 1` plus {@link ROW_GAP}. */
function rowTops(root: PlacedNode, leaves: LeafKind): number[] {
  const tallest: number[] = [];
  root.each((n) => (tallest[n.depth] = Math.max(tallest[n.depth] ?? 0, boxHeight(n.data, leaves))));
  const tops = [0];
  tallest.forEach((h, d) => tops.push((tops[d] ?? 0) + h + ROW_GAP));
  return tops;
}

/** Lays out `root` top down, showing no children of the nodes in `collapsed`. */
export function layoutTree(root: TreeNodeView, collapsed: ReadonlySet<number>, leaves: LeafKind): TreeLayout {
  const h = hierarchy(root, (n) => (collapsed.has(n.node) ? undefined : n.children));
  const placed = tree<TreeNodeView>()
    .nodeSize([1, 1])
    .separation((a, b) => BOX_WIDTH + (a.parent === b.parent ? SIBLING_GAP : COUSIN_GAP))(h);
  const tops = rowTops(placed, leaves);
  let left = Infinity;
  let right = -Infinity;
  let bottom = 0;
  placed.each((n) => {
    n.y = tops[n.depth] ?? 0;
    left = Math.min(left, n.x - BOX_WIDTH / 2);
    right = Math.max(right, n.x + BOX_WIDTH / 2);
    bottom = Math.max(bottom, n.y + boxHeight(n.data, leaves));
  });
  return { root: placed, left, right, bottom };
}

/** Number of drawn nodes below `node` (shown on a folded node's badge). */
export function drawnBelow(node: TreeNodeView): number {
  return (node.children ?? []).reduce((sum, c) => sum + 1 + drawnBelow(c), 0);
}
