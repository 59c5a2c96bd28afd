/**
 * @file Entry of the MLP-vs-trees view (bundled to `dist/webview/tabular.js` and `.css`): the reading line, the
 * grouped bars of test accuracy, the table of the same numbers and what the reader noted about the CSV.
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import { tableCompareRequest, type TableCompareResult } from '../../src/shared/parity';
import { byId } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { drawBars, renderLegend, renderTable } from './chart';
import { reading, summary } from './data';

const els = {
  summary: byId('summary', HTMLElement),
  reading: byId('reading', HTMLElement),
  legend: byId('method-legend', HTMLElement),
  bars: byId('bars-chart', SVGSVGElement),
  table: byId('scores-table', HTMLTableElement),
  notes: byId('table-notes', HTMLElement),
};

let shown: TableCompareResult | undefined;

mountView({
  view: 'tabular',
  renderers: [renderer(tableCompareRequest, show)],
  chart: () => (shown === undefined ? undefined : els.bars),
  onClear: clear,
});

function show(r: TableCompareResult, source: string | undefined): void {
  shown = r;
  els.summary.textContent = summary(r, source);
  els.reading.textContent = reading(r);
  renderLegend(els.legend, r);
  renderTable(els.table, r);
  els.notes.replaceChildren(
    ...r.notes.map((n) => {
      const li = document.createElement('li');
      li.textContent = n;
      return li;
    }),
  );
  drawBars(els.bars, r);
}

function clear(): void {
  shown = undefined;
  for (const el of [els.legend, els.table, els.bars, els.notes]) el.replaceChildren();
  els.reading.textContent = '';
  els.summary.textContent = 'Waiting for a table comparison…';
}

let lastWidth = 0;
new ResizeObserver(() => {
  const w = els.bars.parentElement?.clientWidth ?? 0;
  if (w === lastWidth || shown === undefined) return;
  lastWidth = w;
  drawBars(els.bars, shown);
}).observe(els.bars.parentElement ?? document.body);
