/**
 * @file The collapsible tensor tree: rows in preorder, indented by depth, folded by a click on a row that has
 * children, and narrowed by a filter on tensor names (a match shows the rows above it). At most
 * {@link MAX_SHOWN} rows are drawn at once; a last row says how many more there are.
 */
import { byteSize, type TreeRow } from '../../src/shared/inspect';
import { HELP } from './help';
import { fillTable, shapeText, type Head } from './tables';

/** Most rows drawn at once (a filter narrows a larger tree). */
export const MAX_SHOWN = 2000;

const HEADS: readonly Head[] = [
  ['name', HELP.tree],
  ['dtype', HELP.dtype],
  ['shape', HELP.shape],
  ['elements', HELP.elements],
  ['size', HELP.bytes],
];

/** Which rows show: under a filter, matching tensors and the rows above them; else rows not folded away. */
export function shownRows(rows: readonly TreeRow[], folded: ReadonlySet<number>, filter: string): number[] {
  const needle = filter.trim().toLowerCase();
  if (needle !== '') {
    const keep = new Set<number>();
    rows.forEach((row, i) => {
      if (row.dtype === undefined || !row.path.toLowerCase().includes(needle)) return;
      for (let at = i; at >= 0 && !keep.has(at); at = rows[at]?.parent ?? -1) keep.add(at);
    });
    return [...keep].sort((a, b) => a - b);
  }
  const out: number[] = [];
  let hideBelow = Infinity;
  rows.forEach((row, i) => {
    if (row.depth > hideBelow) return;
    hideBelow = folded.has(i) ? row.depth : Infinity;
    out.push(i);
  });
  return out;
}

/** Rows that start folded: every row with children below the first two levels. */
export function initialFolds(rows: readonly TreeRow[]): Set<number> {
  const parents = new Set(rows.map((r) => r.parent));
  return new Set(rows.flatMap((r, i) => (r.depth >= 1 && parents.has(i) ? [i] : [])));
}

/** Draws the tree into `table`; `toggle(i)` is called when row `i` is clicked. */
export function drawTree(
  table: HTMLTableElement,
  rows: readonly TreeRow[],
  folded: ReadonlySet<number>,
  filter: string,
  toggle: (i: number) => void,
): void {
  const parents = new Set(rows.map((r) => r.parent));
  const shown = shownRows(rows, folded, filter);
  fillTable(table, HEADS, []);
  for (const i of shown.slice(0, MAX_SHOWN)) {
    const row = rows[i];
    if (row === undefined) continue;
    const tr = table.appendChild(document.createElement('tr'));
    tr.dataset['path'] = row.path;
    const name = tr.appendChild(document.createElement('td'));
    name.style.paddingLeft = `${4 + row.depth * 14}px`;
    const hasChildren = parents.has(i);
    name.textContent = `${hasChildren ? (folded.has(i) && filter === '' ? '▸ ' : '▾ ') : '  '}${row.name}`;
    name.title = row.path;
    if (hasChildren) {
      tr.classList.add('branch');
      tr.addEventListener('click', () => toggle(i));
    }
    for (const text of [row.dtype ?? '', row.dtype === undefined ? '' : shapeText(row.shape)])
      tr.appendChild(document.createElement('td')).textContent = text;
    const count = tr.appendChild(document.createElement('td'));
    count.textContent = row.params.toLocaleString('en-US');
    count.className = 'num';
    const size = tr.appendChild(document.createElement('td'));
    size.textContent = byteSize(row.bytes);
    size.className = 'num';
  }
  if (shown.length > MAX_SHOWN) {
    const more = table.appendChild(document.createElement('tr'));
    const td = more.appendChild(document.createElement('td'));
    td.colSpan = HEADS.length;
    td.textContent = `… ${shown.length - MAX_SHOWN} more rows: type in the filter to narrow them.`;
  }
}
