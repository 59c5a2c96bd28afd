/**
 * @file The scaling panel's tables: the held-out predictions with their errors, the fitted parameters of each
 * law (with 95% intervals) and of translated laws, and the loss-to-loss law. Headers carry their help as tooltips.
 */
import type { ScalingPanel } from '../../src/shared/scalingPanel';
import { colourOf } from './scales';
import { heldOutRows, runName, signedPercent, translatedR2, withInterval } from './format';
import { sig } from '../shared/numbers';
import { HELP } from './help';

type Cell = string | { text: string; title?: string; cls?: string };

function row(cells: readonly Cell[], header = false): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const el = document.createElement(header ? 'th' : 'td');
    const cell = typeof c === 'string' ? { text: c } : c;
    el.textContent = cell.text;
    if (cell.title !== undefined) el.title = cell.title;
    if (cell.cls !== undefined) el.className = cell.cls;
    tr.append(el);
  }
  return tr;
}

function fill(table: HTMLTableElement, head: readonly Cell[], rows: readonly (readonly Cell[])[]): void {
  const thead = document.createElement('thead');
  thead.append(row(head, true));
  const tbody = document.createElement('tbody');
  tbody.append(...rows.map((r) => row(r)));
  table.replaceChildren(thead, tbody);
}

function datasetCell(panel: ScalingPanel, dataset: string): { text: string; cls: string } {
  const i = panel.fits.findIndex((f) => f.dataset === dataset);
  return { text: dataset, cls: `dataset ds-${((i % 6) + 6) % 6}` };
}

/** The held-out runs: each predicted by its dataset's own law and by the loss-to-loss law, with the errors. */
export function renderHeldOut(table: HTMLTableElement, panel: ScalingPanel): void {
  const rows = heldOutRows(panel).map((r) => [
    datasetCell(panel, r.dataset),
    runName(r.where),
    r.method,
    withInterval(r.predicted, r.interval),
    r.observed !== undefined ? sig(r.observed) : '—',
    {
      text: r.error !== undefined ? signedPercent(r.error) : '—',
      cls: 'error',
      title: 'error = (predicted − observed) / observed',
    },
  ]);
  const head: Cell[] = [
    'Dataset',
    'Held-out run',
    'Predicted by',
    { text: 'Predicted [95%]', title: HELP.interval },
    'Observed',
    { text: 'Error', title: HELP.heldOut },
  ];
  fill(table, head, rows.length > 0 ? rows : [['—', 'no run was held out', '', '', '', '']]);
}

const iv = (intervals: Readonly<Record<string, readonly [number, number]>>, k: string, x: number): string =>
  withInterval(x, intervals[k]);

/** Each fitted law's parameters with intervals, then each translated law. */
export function renderParams(table: HTMLTableElement, panel: ScalingPanel): void {
  const head: Cell[] = [
    'Law',
    { text: 'α', title: HELP.A },
    { text: 'β', title: HELP.B },
    { text: 'A', title: HELP.A },
    { text: 'B', title: HELP.B },
    { text: 'E', title: HELP.E },
    { text: 'R²', title: HELP.r2 },
    { text: 'Huber', title: HELP.huber },
    { text: 'N*(C) ∝ C^a', title: HELP.optimal },
  ];
  const fitted = panel.fits.map((f) => {
    const name: Cell = { ...datasetCell(panel, f.dataset), text: `${f.dataset} (${f.loss}, ${f.points.length} runs)` };
    const q = [sig(f.r2, 4), f.huber !== undefined ? sig(f.huber, 2) : '—'];
    if (f.law.kind === 'power') {
      const p = f.law.params;
      return [
        name,
        iv(f.intervals, 'alpha', p.alpha),
        '—',
        iv(f.intervals, 'A', p.A),
        '—',
        iv(f.intervals, 'E', p.E),
        ...q,
        '—',
      ];
    }
    const p = f.law.params;
    return [
      name,
      iv(f.intervals, 'alpha', p.alpha),
      iv(f.intervals, 'beta', p.beta),
      iv(f.intervals, 'A', p.A),
      iv(f.intervals, 'B', p.B),
      iv(f.intervals, 'E', p.E),
      ...q,
      `a = ${sig(f.law.optimal.a)}`,
    ];
  });
  const translated = panel.translated.map((t) => {
    const p = t.law;
    const text = `${t.to}: ${t.from}\u2019s law translated (${t.how})`;
    const name: Cell = { text, title: HELP.translated, cls: 'translated' };
    const r2 = translatedR2(
      t,
      panel.fits.find((f) => f.dataset === t.to),
    );
    const r2Cell: Cell = { text: r2 === undefined ? '—' : sig(r2, 4), title: 'R² on the runs of ' + t.to };
    return [name, sig(p.alpha), sig(p.beta), sig(p.A), sig(p.B), sig(p.E), r2Cell, '—', `a = ${sig(t.optimal.a)}`];
  });
  fill(table, head, [...fitted, ...translated]);
}

/** The loss-to-loss law's parameters with intervals. */
export function renderL2lTable(table: HTMLTableElement, panel: ScalingPanel): void {
  const l = panel.l2l;
  if (l === undefined) return void table.replaceChildren();
  const f = l.fit;
  const head: Cell[] = [
    'From → to',
    { text: 'κ', title: HELP.kappa },
    { text: 'K', title: HELP.K },
    { text: 'E₀', title: HELP.e0e1 },
    { text: 'E₁', title: HELP.e0e1 },
    { text: 'R²', title: HELP.r2 },
    'Pairs',
  ];
  const modes = { fixed: 'E’s from the fitted laws', 'e1-free': 'E₁ fitted', 'both-free': 'both E’s fitted' };
  const mode = modes[f.mode];
  fill(table, head, [
    [
      `${l.xDataset} → ${l.yDataset} (${mode})`,
      iv(f.intervals, 'kappa', f.kappa),
      iv(f.intervals, 'K', f.K),
      sig(f.e0, 4),
      sig(f.e1, 4),
      sig(f.r2, 4),
      String(f.points.length),
    ],
  ]);
}

/** The legend of datasets (colour swatches), with the markers' meaning. */
export function renderLegend(list: HTMLElement, panel: ScalingPanel): void {
  const items = panel.fits.map((f, i) => {
    const li = document.createElement('li');
    const sw = li.appendChild(document.createElement('span'));
    sw.className = `swatch ds-${i % 6}`;
    li.append(`${f.dataset} (law on ${f.loss})`);
    li.dataset['colour'] = colourOf(i);
    return li;
  });
  const keys = [
    ['key-ring', 'held-out run (observed)'],
    ['key-diamond', 'predicted by its own law'],
    ['key-square', 'predicted by loss-to-loss'],
    ['key-dash', 'translated law'],
  ].map(([cls, text]) => {
    const li = document.createElement('li');
    li.appendChild(document.createElement('span')).className = `key ${cls ?? ''}`;
    li.append(text ?? '');
    return li;
  });
  list.replaceChildren(...items, ...keys);
}
