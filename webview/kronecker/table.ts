/** @file The Kronecker panel's table: each layer's shape, examples, cosines and norm of H, with tooltips. */
import { sig } from '../shared/numbers';
import { APPROXES, cosOf, fmtCos, fmtCount, hNormNote } from './data';
import { HELP } from './help';
import type { KronLayer, KronResult } from '../../src/shared/kronecker';

function cell(tag: 'th' | 'td', text: string, title: string): HTMLTableCellElement {
  const el = document.createElement(tag);
  el.textContent = text;
  el.title = title;
  return el;
}

function hText(l: KronLayer): string {
  const h = l.hNorm;
  return h.exact ? sig(h.value, 4) : `\u2248 ${sig(h.value, 3)} \u00b1 ${sig(h.stderr ?? NaN, 2)}`;
}

/** One row per layer; clicking a row selects its layer. */
export function renderTable(
  table: HTMLTableElement,
  r: KronResult,
  selected: number,
  onSelect: (layer: number) => void,
): void {
  const head = document.createElement('tr');
  head.append(
    cell('th', 'Layer', HELP.layer),
    cell('th', 'm \u00d7 n', 'The weight\u2019s shape: m outputs \u00d7 n inputs.'),
    cell('th', 'Examples', HELP.examples),
    ...APPROXES.map((a) => cell('th', a.short, `${a.label}. ${a.help}`)),
    cell('th', '\u2016H\u2016', HELP.hNorm),
  );
  const rows = r.layers.map((l, i) => {
    const tr = document.createElement('tr');
    tr.className = i === selected ? 'selected' : '';
    tr.dataset['layer'] = l.name;
    tr.addEventListener('click', () => onSelect(i));
    tr.append(
      cell('td', l.name, `${l.name}: click to show it in the charts below.`),
      cell('td', `${fmtCount(l.m)} \u00d7 ${fmtCount(l.n)}`, `${l.name}: ${l.m} outputs \u00d7 ${l.n} inputs.`),
      cell('td', fmtCount(l.count), `${l.name}: ${HELP.examples}`),
      ...APPROXES.map((a) => cell('td', fmtCos(cosOf(l, a.key)), `${l.name} \u00b7 ${a.help}`)),
      cell('td', hText(l), hNormNote(l)),
    );
    return tr;
  });
  table.replaceChildren(document.createElement('thead'), document.createElement('tbody'));
  table.tHead?.append(head);
  table.tBodies[0]?.append(...rows);
}
