/**
 * @file The tensor tree: tensor names split on `.` into nested parts, each part carrying the elements and bytes
 * below it, flattened to rows in preorder (parents before children, numbered parts in numeric order).
 */
import { INSPECT_LIMITS, type TreeRow } from '../../shared/inspect';

/** One tensor as a reader found it in a header. */
export interface TensorLeaf {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly (number | string | null)[];
  /** Elements (the product of the shape). */
  readonly params: number;
  /** Bytes as stored. */
  readonly bytes: number;
}

interface Node {
  readonly name: string;
  readonly path: string;
  readonly children: Map<string, Node>;
  leaf: TensorLeaf | undefined;
  params: number;
  bytes: number;
}

const node = (name: string, path: string): Node => ({
  name,
  path,
  children: new Map(),
  leaf: undefined,
  params: 0,
  bytes: 0,
});

/** Natural order of name parts: numbers numerically, before words; words alphabetically. */
function partOrder(a: string, b: string): number {
  const na = /^\d+$/u.test(a);
  const nb = /^\d+$/u.test(b);
  if (na && nb) return Number(a) - Number(b);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The rows of the tree of `leaves`; past `maxRows` the rest are cut (the caller notes it). */
export function tensorTree(leaves: readonly TensorLeaf[], maxRows: number = INSPECT_LIMITS.treeRows): TreeRow[] {
  const root = node('', '');
  for (const leaf of leaves) {
    let at = root;
    at.params += leaf.params;
    at.bytes += leaf.bytes;
    for (const part of leaf.name.split('.')) {
      const path = at.path === '' ? part : `${at.path}.${part}`;
      let next = at.children.get(part);
      if (next === undefined) at.children.set(part, (next = node(part, path)));
      next.params += leaf.params;
      next.bytes += leaf.bytes;
      at = next;
    }
    at.leaf = leaf;
  }
  const rows: TreeRow[] = [];
  const stack: { n: Node; parent: number; depth: number }[] = [...sorted(root)]
    .reverse()
    .map((n) => ({ n, parent: -1, depth: 0 }));
  for (let item = stack.pop(); item !== undefined && rows.length < maxRows; item = stack.pop()) {
    const { n, parent, depth } = item;
    const index = rows.length;
    rows.push(row(n, parent, depth));
    for (const child of [...sorted(n)].reverse()) stack.push({ n: child, parent: index, depth: depth + 1 });
  }
  return rows;
}

function sorted(n: Node): Node[] {
  return [...n.children.values()].sort((a, b) => partOrder(a.name, b.name));
}

function row(n: Node, parent: number, depth: number): TreeRow {
  const base = { path: n.path, name: n.name, parent, depth, params: n.params, bytes: n.bytes };
  return n.leaf === undefined ? base : { ...base, dtype: n.leaf.dtype, shape: [...n.leaf.shape] };
}

/** Parameters per element type, most first. */
export function dtypeTotals(leaves: readonly TensorLeaf[]): { dtype: string; params: number }[] {
  const totals = new Map<string, number>();
  for (const l of leaves) totals.set(l.dtype, (totals.get(l.dtype) ?? 0) + l.params);
  return [...totals].map(([dtype, params]) => ({ dtype, params })).sort((a, b) => b.params - a.params);
}

/** The product of a shape's known sizes (symbolic or unknown sizes count as 0). */
export function elements(shape: readonly (number | string | null)[]): number {
  return shape.reduce<number>((n, d) => n * (typeof d === 'number' ? d : 0), 1);
}
