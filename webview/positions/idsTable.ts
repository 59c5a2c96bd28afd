/**
 * @file The token table of the positions view: one column per token, rows for the token, the
 * rule's ID, the ID fed to the model and (PPC) the ID it predicted; mismatches are marked.
 */
import type { PositionsResult } from '../../src/shared/positions';
import { showToken } from '../../src/shared/tokenText';

/** What each row says, for the row headers' tooltips. */
const ROW_TITLES: Readonly<Record<string, string>> = {
  Token: 'The problem as the model reads it, one character per token; shaded tokens are the answer.',
  'Rule ID': 'The position ID the coupling rule gives this token: tokens that belong together share an ID.',
  'ID fed': 'The position ID the model was given with this token (red where it differs from the rule\u2019s).',
  'Position fed': 'The ordinary position (0, 1, 2, \u2026) the absolute-positions model was given.',
  'Predicted ID': 'The position ID PPC predicted for the answer token it wrote (red where it differs from the rule).',
  Step: 'The step of the scratchpad this token belongs to.',
};

function row(
  table: HTMLTableElement,
  head: string,
  cells: readonly { text: string; cls?: string; title?: string; index: number }[],
): void {
  const tr = table.appendChild(document.createElement('tr'));
  const th = tr.appendChild(document.createElement('th'));
  th.textContent = head;
  th.title = ROW_TITLES[head] ?? '';
  for (const c of cells) {
    const td = tr.appendChild(document.createElement('td'));
    td.textContent = c.text;
    td.dataset['index'] = String(c.index);
    if (c.cls !== undefined) td.className = c.cls;
    if (c.title !== undefined) td.title = c.title;
  }
}

type Token = PositionsResult['tokens'][number];
type Indexed = readonly { readonly t: Token; readonly index: number }[];

const added = (t: Token): boolean => !t.answer && t.range === undefined;
const ADDED_TITLE = 'Added by the coupling rule (zero padding or an implied sign), not typed in the selection';

function tokenClass(t: Token, mismatch: boolean): string {
  const classes = ['token', t.answer ? 'answer' : '', t.range !== undefined ? 'has-source' : ''];
  classes.push(added(t) ? 'added' : '', mismatch ? 'mismatch' : '');
  return classes.filter((c) => c !== '').join(' ');
}

/** The token row; returns the number of answer tokens whose fed ID differs from the rule's. */
function tokenRow(table: HTMLTableElement, tokens: Indexed): number {
  let mismatches = 0;
  const cells = tokens.map(({ t, index }) => {
    const mismatch = t.fedId !== undefined && t.answer && t.fedId !== t.ruleId;
    if (mismatch) mismatches++;
    return {
      text: showToken(t.text),
      cls: tokenClass(t, mismatch),
      index,
      ...(added(t) ? { title: ADDED_TITLE } : {}),
    };
  });
  row(table, 'Token', cells);
  return mismatches;
}

/** The rows of the IDs fed, predicted and the decoding steps, each where the result has them. */
function idRows(table: HTMLTableElement, r: PositionsResult, tokens: Indexed): void {
  if (r.tokens.some((t) => t.fedId !== undefined)) {
    const cls = (t: Token): string => (t.answer && t.fedId !== t.ruleId ? 'fed-id mismatch' : 'fed-id');
    const cells = tokens.map(({ t, index }) => ({
      text: t.fedId === undefined ? '' : String(t.fedId),
      cls: cls(t),
      index,
    }));
    row(table, r.mode === 'absolute' ? 'Position fed' : 'ID fed', cells);
  }
  if (r.tokens.some((t) => t.predictedId !== undefined)) {
    const cls = (t: Token): string =>
      t.predictedId !== undefined && t.predictedId !== t.ruleId ? 'predicted-id mismatch' : 'predicted-id';
    const text = (t: Token): string => (t.predictedId === undefined ? '' : String(t.predictedId));
    row(
      table,
      'Predicted ID',
      tokens.map(({ t, index }) => ({ text: text(t), cls: cls(t), index })),
    );
  }
  if (r.tokens.some((t) => t.step !== undefined)) {
    row(
      table,
      'Step',
      tokens.map(({ t, index }) => ({ text: String(t.step ?? ''), cls: 'step', index })),
    );
  }
}

/** Fills the table; returns the number of answer tokens whose fed ID differs from the rule's. */
export function renderIds(table: HTMLTableElement, r: PositionsResult): number {
  table.replaceChildren();
  const tokens = r.tokens.map((t, index) => ({ t, index }));
  const mismatches = tokenRow(table, tokens);
  row(
    table,
    'Rule ID',
    tokens.map(({ t, index }) => ({ text: String(t.ruleId), cls: 'rule-id', index })),
  );
  idRows(table, r, tokens);
  return mismatches;
}
