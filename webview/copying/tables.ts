/**
 * @file The copy panel's legends and tables: a legend item per model (with its bound and line styles), the
 * lookup result per model, and the tasks (wrong ones first) with the first wrong token marked and a button that
 * shows where the model reads from.
 */
import type { CopyExample, CopyProbeResult } from '../../src/shared/copying';
import { showToken } from '../../src/shared/tokenText';
import { COPY_HELP } from './help';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function item(cls: string, label: string, title: string): HTMLLIElement {
  const li = document.createElement('li');
  li.title = title;
  const key = document.createElement('span');
  key.className = `key ${cls}`;
  li.append(key, label);
  return li;
}

/** The accuracy legend: a solid line per model, a dashed one per bound, the dotted training length. */
export function renderAccuracyLegend(ul: HTMLUListElement, r: CopyProbeResult): void {
  const trained = r.models.some((m) => m.trainLengths !== undefined);
  const train = 'A copy model was trained on strings up to this length; longer ones test length generalization';
  ul.replaceChildren(
    ...(trained ? [item('dotted', 'longest training length', train)] : []),
    ...r.models.flatMap((m, i) => {
      const how = m.mode === 'text' ? 'spans of the text' : `random strings over ${m.alphabet?.length ?? 0} symbols`;
      const arch = m.architecture === undefined ? '' : `, ${m.architecture}`;
      const items = [item(`curve-${i}`, `${m.model}${arch}`, `${m.model}: string accuracy on ${how}`)];
      if (m.vacuousBelow !== undefined)
        items.push(item(`dashed curve-${i}`, `bound for ${m.stateBits ?? 0} state bits`, COPY_HELP.accuracy));
      return items;
    }),
  );
}

/** The surprisal legend: a colour per model, dashed for the first copy and solid for the second. */
export function renderSurprisalLegend(ul: HTMLUListElement, r: CopyProbeResult): void {
  ul.replaceChildren(
    item('dashed', 'first copy', 'Bits per token of the span where it first appears'),
    item('', 'second copy', 'Bits per token of the copy the model is asked for'),
    ...r.models.map((m, i) => item(`curve-${i}`, m.model, `${m.model}'s lines are drawn in this colour`)),
  );
}

function row(table: HTMLTableElement, cells: readonly (string | Node)[], titles: readonly string[]): void {
  const tr = (table.tBodies[0] ?? table.createTBody()).insertRow();
  cells.forEach((c, i) => {
    const td = tr.insertCell();
    td.append(c);
    td.title = titles[i] ?? '';
  });
}

function head(table: HTMLTableElement, cells: readonly [string, string][]): void {
  const tr = table.createTHead().insertRow();
  for (const [text, title] of cells)
    Object.assign(tr.appendChild(document.createElement('th')), { textContent: text, title });
}

/** The lookup table: per model, queries, exact answers, token accuracy and pairs. */
export function renderLookup(table: HTMLTableElement, r: CopyProbeResult): boolean {
  table.replaceChildren();
  const models = r.models.filter((m) => m.lookup !== undefined);
  if (models.length === 0) return false;
  const t: [string, string][] = [
    ['Model', 'The model asked'],
    ['String accuracy', COPY_HELP.lookup],
    ['Token accuracy', COPY_HELP.tokenAccuracy],
    ['Queries', 'Lookup tasks asked, each a different name'],
    ['Pairs found', 'Distinct name: value pairs in the text'],
    ['Listed per query', 'Mean pairs listed before a query (as many as the window holds)'],
  ];
  head(table, t);
  for (const m of models) {
    const k = m.lookup;
    if (k === undefined) continue;
    const cells = [m.model, pct(k.stringAccuracy), pct(k.tokenAccuracy), String(k.tasks), String(k.pairs)];
    row(
      table,
      [...cells, k.listed.toFixed(1)],
      t.map((x) => x[1]),
    );
  }
  return true;
}

/** The answer with its first wrong token (or the token dependencies are shown at) marked. */
function marked(e: CopyExample): HTMLElement {
  const code = document.createElement('code');
  const a = e.at.start - e.prompt.length;
  const b = e.at.end - e.prompt.length;
  const mark = document.createElement('mark');
  mark.className = e.exact ? 'shown' : 'wrong';
  mark.textContent = showToken(e.answer.slice(a, b));
  mark.title = e.exact ? 'Every token right; dependencies are shown at this last token' : 'The first wrong token';
  const show = (s: string) => showToken(s, 200);
  code.append(show(e.answer.slice(0, a)), mark, show(e.answer.slice(b)));
  return code;
}

/** The task table; `onShow(model index, example index)` runs "Show where it reads from". */
export function renderTasks(
  table: HTMLTableElement,
  r: CopyProbeResult,
  onShow: (model: number, example: number) => void,
): void {
  table.replaceChildren();
  const t: [string, string][] = [
    ['Model', 'The model asked'],
    ['Task', 'Copy of a span of this length, or a lookup'],
    ['Right', 'Answer tokens the model predicted, of all'],
    ['Answer (first wrong token marked)', COPY_HELP.tasks],
    ['', 'Open the task as text and show the dependencies of the marked token'],
  ];
  head(table, t);
  for (const [i, m] of r.models.entries()) {
    for (const [k, e] of m.examples.entries()) {
      const button = document.createElement('button');
      button.className = 'show-deps';
      button.textContent = 'Show where it reads from';
      button.addEventListener('click', () => onShow(i, k));
      const task = e.kind === 'copy' ? `copy ${e.length}` : 'lookup';
      row(
        table,
        [m.model, task, `${e.correct}/${e.tokens}`, marked(e), button],
        t.map((x) => x[1]),
      );
    }
  }
}
