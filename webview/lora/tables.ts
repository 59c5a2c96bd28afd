/**
 * @file The composition view's tables: scores (a save button on each merge, the reason the softmax
 * CAT scores lower right under its row), the methods shown with a line each, per-layer adapter
 * statistics, and the answers to the first test items. Every header says what it measures in its
 * tooltip; prompts and answers are shown by `showToken` (invisible characters made visible).
 */
import type { LoraComposeResult, LoraComposeRow } from '../../src/shared/lora';
import { KIND_HELP, METHOD_HELP, softmaxCatWhy, STAT_HELP } from '../../src/shared/loraHelp';
import { showToken } from '../../src/shared/tokenText';
import { barTitle, cell, percent } from './format';

type Cell = string | Node | { readonly text: string; readonly title: string };

function tr(
  table: HTMLTableElement | HTMLTableSectionElement,
  cells: readonly Cell[],
  head = false,
): HTMLTableRowElement {
  const row = table.appendChild(document.createElement('tr'));
  for (const c of cells) {
    const el = row.appendChild(document.createElement(head ? 'th' : 'td'));
    if (typeof c === 'string' || c instanceof Node) el.append(c);
    else {
      el.textContent = c.text;
      el.title = c.title;
    }
  }
  return row;
}

function saveButton(row: LoraComposeRow): Node {
  if (row.kind !== 'merge' || row.method === undefined) return document.createTextNode('');
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'save-merged';
  b.dataset['method'] = row.method;
  b.textContent = 'Save…';
  b.title = `Write the ${row.config} merge as a new PEFT adapter folder`;
  return b;
}

/** Fills the scores table; the best exact match is marked, and the softmax CAT's row gets its reason. */
export function renderScores(table: HTMLTableElement, r: LoraComposeResult): void {
  table.replaceChildren();
  const head = [
    { text: 'Configuration', title: 'The base model, one adapter, the data-mix adapter, or a merge method.' },
    { text: 'Exact match', title: STAT_HELP.exactMatch },
    { text: 'Loss', title: STAT_HELP.loss },
    { text: '', title: 'Save a merge as a new PEFT adapter folder' },
  ];
  tr(table.createTHead(), head, true);
  const body = table.createTBody();
  const best = Math.max(...r.rows.map((x) => x.exactMatch));
  const why = softmaxCatWhy(r);
  for (const row of r.rows) {
    const el = tr(body, [
      { text: row.config, title: barTitle(row) },
      { text: percent(row.exactMatch), title: STAT_HELP.exactMatch },
      { text: row.loss.toFixed(3), title: STAT_HELP.loss },
      saveButton(row),
    ]);
    el.dataset['config'] = row.config;
    el.classList.add(`row-${row.kind}`);
    if (row.exactMatch === best && best > 0) el.classList.add('best');
    if (row.method === 'cat' && why !== undefined) {
      const note = body.appendChild(document.createElement('tr'));
      note.className = 'why-row';
      const td = note.appendChild(document.createElement('td'));
      td.colSpan = head.length;
      const text = td.appendChild(document.createElement('div'));
      text.id = 'cat-why-row';
      text.textContent = why;
    }
  }
}

/** Lists each kind and method in the result with its one-line description. */
export function renderMethods(list: HTMLElement, r: LoraComposeResult): void {
  list.replaceChildren();
  const seen = new Set<string>();
  for (const row of r.rows) {
    const key = row.method ?? row.kind;
    if (seen.has(key) || row.kind === 'adapter') continue;
    seen.add(key);
    const dt = list.appendChild(document.createElement('dt'));
    dt.textContent = row.method !== undefined ? row.config : row.kind === 'mix' ? 'data mix' : row.kind;
    dt.dataset['method'] = key;
    list.appendChild(document.createElement('dd')).textContent =
      row.method !== undefined ? METHOD_HELP[row.method] : KIND_HELP[row.kind];
  }
}

/** Fills the per-layer statistics: cosine between each pair of adapters and the TIES sign-conflict share. */
export function renderLayers(table: HTMLTableElement, r: LoraComposeResult): void {
  table.replaceChildren();
  const pairs: [number, number][] = [];
  r.adapters.forEach((_, i) => r.adapters.forEach((__, j) => void (j > i && pairs.push([i, j]))));
  const name = (i: number): string => r.adapters[i] ?? String(i);
  tr(
    table.createTHead(),
    [
      { text: 'Layer', title: 'The transformer layer (block) whose modules the adapters change.' },
      ...pairs.map(([i, j]) => ({ text: `cosine ${name(i)} · ${name(j)}`, title: STAT_HELP.cosine })),
      { text: 'Sign conflicts', title: STAT_HELP.conflicts },
      { text: 'Overlapping entries', title: STAT_HELP.overlapping },
    ],
    true,
  );
  const body = table.createTBody();
  for (const l of r.layers) {
    tr(body, [
      l.name,
      ...pairs.map(([i, j]) => ({ text: cell(l.cosine[i]?.[j] ?? null), title: STAT_HELP.cosine })),
      { text: l.conflictShare === null ? '–' : percent(l.conflictShare), title: STAT_HELP.conflicts },
      { text: String(l.overlapping), title: STAT_HELP.overlapping },
    ]);
  }
}

/** Fills the examples table: one row per configuration, one column per test prompt (with its expected answer). */
export function renderExamples(table: HTMLTableElement, r: LoraComposeResult): void {
  table.replaceChildren();
  const items = r.rows[0]?.examples ?? [];
  const head = tr(table.createTHead(), ['Configuration'], true);
  for (const e of items) {
    const th = head.appendChild(document.createElement('th'));
    th.append(showToken(e.prompt), document.createElement('br'));
    th.appendChild(document.createElement('span')).textContent = `expected ${showToken(e.expected)}`;
    th.title = `Test prompt "${e.prompt}"; the expected answer is "${e.expected}".`;
  }
  const body = table.createTBody();
  for (const row of r.rows) {
    const el = tr(body, [
      row.config,
      ...items.map((_, i) => {
        const a = row.examples[i]?.answer ?? '';
        return { text: a === '' ? '(nothing)' : showToken(a), title: `${row.config}'s greedy answer` };
      }),
    ]);
    items.forEach((e, i) => {
      if (row.examples[i]?.answer === e.expected) el.cells[i + 1]?.classList.add('correct');
    });
  }
}
