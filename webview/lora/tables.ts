/**
 * @file The composition view's tables: scores (with a save button on each merge), per-layer
 * adapter statistics, and the answers to the first test items.
 */
import type { LoraComposeResult, LoraComposeRow } from '../../src/shared/lora';
import { cell, percent } from './format';

function tr(
  table: HTMLTableElement | HTMLTableSectionElement,
  cells: readonly (string | Node)[],
  head = false,
): HTMLTableRowElement {
  const row = table.appendChild(document.createElement('tr'));
  for (const c of cells) row.appendChild(document.createElement(head ? 'th' : 'td')).append(c);
  return row;
}

function saveButton(row: LoraComposeRow): Node {
  if (row.kind !== 'merge' || row.method === undefined) return document.createTextNode('');
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'save-merged';
  b.dataset['method'] = row.method;
  b.textContent = 'Save…';
  b.title = `Write the ${row.config} merge as a PEFT adapter folder`;
  return b;
}

/** Fills the scores table; the best exact match is marked. */
export function renderScores(table: HTMLTableElement, r: LoraComposeResult): void {
  table.replaceChildren();
  tr(table.createTHead(), ['Configuration', 'Kind', 'Exact match', 'Loss (nats/byte)', ''], true);
  const body = table.createTBody();
  const best = Math.max(...r.rows.map((x) => x.exactMatch));
  for (const row of r.rows) {
    const el = tr(body, [
      row.config,
      row.kind === 'mix' ? 'data mix' : row.kind,
      percent(row.exactMatch),
      row.loss.toFixed(3),
      saveButton(row),
    ]);
    el.dataset['config'] = row.config;
    if (row.exactMatch === best && best > 0) el.classList.add('best');
  }
}

/** Fills the per-layer statistics: cosine between each pair of adapters and the TIES sign-conflict share. */
export function renderLayers(table: HTMLTableElement, r: LoraComposeResult): void {
  table.replaceChildren();
  const pairs: [number, number][] = [];
  r.adapters.forEach((_, i) =>
    r.adapters.forEach((__, j) => {
      if (j > i) pairs.push([i, j]);
    }),
  );
  tr(
    table.createTHead(),
    [
      'Layer',
      ...pairs.map(([i, j]) => `cos(${r.adapters[i] ?? i}, ${r.adapters[j] ?? j})`),
      'Sign conflicts',
      'Overlapping entries',
    ],
    true,
  );
  const body = table.createTBody();
  for (const l of r.layers) {
    tr(body, [
      l.name,
      ...pairs.map(([i, j]) => cell(l.cosine[i]?.[j] ?? null)),
      l.conflictShare === null ? '–' : percent(l.conflictShare),
      String(l.overlapping),
    ]);
  }
}

/** Fills the examples table: each test prompt with the expected answer and each configuration's. */
export function renderExamples(table: HTMLTableElement, r: LoraComposeResult): void {
  table.replaceChildren();
  tr(table.createTHead(), ['Prompt', 'Expected', ...r.rows.map((x) => x.config)], true);
  const body = table.createTBody();
  const first = r.rows[0]?.examples ?? [];
  first.forEach((e, i) => {
    const row = tr(body, [e.prompt, e.expected, ...r.rows.map((x) => x.examples[i]?.answer ?? '')]);
    r.rows.forEach((x, k) => {
      if (x.examples[i]?.answer === e.expected) row.cells[k + 2]?.classList.add('correct');
    });
  });
}
