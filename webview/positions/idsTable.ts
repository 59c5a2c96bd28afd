/**
 * @file The token table of the positions view: one column per token, rows for the token, the
 * rule's ID, the ID fed to the model and (PPC) the ID it predicted; mismatches are marked.
 */
import type { PositionsResult } from '../../src/shared/positions';

function row(
  table: HTMLTableElement,
  head: string,
  cells: readonly { text: string; cls?: string; title?: string; index: number }[],
): void {
  const tr = table.appendChild(document.createElement('tr'));
  tr.appendChild(document.createElement('th')).textContent = head;
  for (const c of cells) {
    const td = tr.appendChild(document.createElement('td'));
    td.textContent = c.text;
    td.dataset['index'] = String(c.index);
    if (c.cls !== undefined) td.className = c.cls;
    if (c.title !== undefined) td.title = c.title;
  }
}

/** Fills the table; returns the number of answer tokens whose fed ID differs from the rule's. */
export function renderIds(table: HTMLTableElement, r: PositionsResult): number {
  table.replaceChildren();
  const tokens = r.tokens.map((t, index) => ({ t, index }));
  const added = (t: PositionsResult['tokens'][number]): boolean => !t.answer && t.range === undefined;
  const cls = (t: PositionsResult['tokens'][number], mismatch: boolean): string =>
    [
      'token',
      t.answer ? 'answer' : '',
      t.range !== undefined ? 'has-source' : '',
      added(t) ? 'added' : '',
      mismatch ? 'mismatch' : '',
    ]
      .filter((c) => c !== '')
      .join(' ');
  let mismatches = 0;
  row(
    table,
    'Token',
    tokens.map(({ t, index }) => {
      const mismatch = t.fedId !== undefined && t.answer && t.fedId !== t.ruleId;
      if (mismatch) mismatches++;
      return {
        text: t.text,
        cls: cls(t, mismatch),
        index,
        ...(added(t)
          ? { title: 'Added by the coupling rule (zero padding or an implied sign), not typed in the selection' }
          : {}),
      };
    }),
  );
  row(
    table,
    'Rule ID',
    tokens.map(({ t, index }) => ({ text: String(t.ruleId), cls: 'rule-id', index })),
  );
  if (r.tokens.some((t) => t.fedId !== undefined)) {
    row(
      table,
      r.mode === 'absolute' ? 'Position fed' : 'ID fed',
      tokens.map(({ t, index }) => ({
        text: t.fedId === undefined ? '' : String(t.fedId),
        cls: t.answer && t.fedId !== t.ruleId ? 'fed-id mismatch' : 'fed-id',
        index,
      })),
    );
  }
  if (r.tokens.some((t) => t.predictedId !== undefined)) {
    row(
      table,
      'Predicted ID',
      tokens.map(({ t, index }) => ({
        text: t.predictedId === undefined ? '' : String(t.predictedId),
        cls: t.predictedId !== undefined && t.predictedId !== t.ruleId ? 'predicted-id mismatch' : 'predicted-id',
        index,
      })),
    );
  }
  if (r.tokens.some((t) => t.step !== undefined))
    row(
      table,
      'Step',
      tokens.map(({ t, index }) => ({ text: String(t.step ?? ''), cls: 'step', index })),
    );
  return mismatches;
}
