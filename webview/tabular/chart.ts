/**
 * @file The MLP-vs-trees figures: grouped bars (a group per train fraction, a bar per method) of test accuracy
 * with the majority-class line, the table of the same numbers and the methods' legend. Tooltips on every mark.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import type { TableCompareResult } from '../../src/shared/parity';
import { chartSize } from '../shared/frame';
import { bestAt, fractionsOf, methodsOf, percent, scoreAt } from './data';
import { HELP, METHOD_COLOURS, METHOD_HELP, METHOD_NAMES } from './help';

const M = { top: 12, right: 12, bottom: 44, left: 56 };

/** Test accuracy per fraction (groups) and method (bars), the majority class dashed. */
export function drawBars(svg: SVGSVGElement, r: TableCompareResult): void {
  const { width, height } = chartSize(svg, 0.45);
  const w = width - M.left - M.right;
  const h = height - M.top - M.bottom;
  const fractions = fractionsOf(r);
  const methods = methodsOf(r);
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  root.classed('framed', true).selectAll('*').remove();
  const g = root.append('g').attr('transform', `translate(${M.left},${M.top})`);
  const x = scaleBand<number>().domain(fractions).range([0, w]).padding(0.25);
  const inner = scaleBand<string>().domain(methods).range([0, x.bandwidth()]).padding(0.08);
  const y = scaleLinear().domain([0, 1]).range([h, 0]);
  g.append('g')
    .attr('class', 'grid')
    .call(
      axisLeft(y)
        .ticks(5)
        .tickSize(-w)
        .tickFormat(() => ''),
    );
  g.append('g').attr('class', 'axis').attr('transform', `translate(0,${h})`).call(axisBottom(x).tickFormat(percent));
  g.append('g')
    .attr('class', 'axis')
    .call(
      axisLeft(y)
        .ticks(5)
        .tickFormat((v) => percent(Number(v))),
    );
  for (const f of fractions) {
    for (const m of methods) {
      const s = scoreAt(r, m, f);
      if (s === undefined) continue;
      g.append('rect')
        .attr('class', `score-bar ${m}`)
        .attr('x', (x(f) ?? 0) + (inner(m) ?? 0))
        .attr('y', y(s.testAccuracy))
        .attr('width', inner.bandwidth())
        .attr('height', h - y(s.testAccuracy))
        .attr('fill', METHOD_COLOURS[m])
        .append('title')
        .text(
          `${METHOD_NAMES[m]} on ${percent(f)} of the training rows (${s.trainRows.toLocaleString('en-US')}): ` +
            `${percent(s.testAccuracy)} of test rows right; trained in ${s.seconds.toFixed(1)} s`,
        );
    }
  }
  g.append('line')
    .attr('class', 'majority-line')
    .attr('x1', 0)
    .attr('x2', w)
    .attr('y1', y(r.majority))
    .attr('y2', y(r.majority))
    .append('title')
    .text(`${HELP.majority} ${percent(r.majority)}`);
  g.append('text')
    .attr('class', 'axis-label')
    .attr('x', w / 2)
    .attr('y', h + 36)
    .attr('text-anchor', 'middle')
    .text('Share of the training rows used');
  g.append('text')
    .attr('class', 'axis-label')
    .attr('text-anchor', 'middle')
    .attr('transform', `translate(${-42},${h / 2}) rotate(-90)`)
    .text('Test accuracy');
}

function cell(tag: 'th' | 'td', text: string, title?: string): HTMLTableCellElement {
  const el = document.createElement(tag);
  el.textContent = text;
  if (title !== undefined) el.title = title;
  return el;
}

/** The table: a row per method, a column per fraction; the best of each column in bold. */
export function renderTable(table: HTMLTableElement, r: TableCompareResult): void {
  const fractions = fractionsOf(r);
  const head = document.createElement('tr');
  head.append(
    cell('th', 'Method', 'Hover a method for what it is.'),
    ...fractions.map((f) =>
      cell('th', `${percent(f)} of training rows`, `Trained on ${percent(f)} of the training rows`),
    ),
  );
  const rows = methodsOf(r).map((m) => {
    const tr = document.createElement('tr');
    const name = cell('td', METHOD_NAMES[m], METHOD_HELP[m]);
    name.className = 'policy';
    name.style.setProperty('--ml-policy', METHOD_COLOURS[m]);
    tr.append(name);
    for (const f of fractions) {
      const s = scoreAt(r, m, f);
      const td = cell(
        'td',
        s === undefined ? '–' : percent(s.testAccuracy),
        s === undefined ? undefined : `${s.trainRows.toLocaleString('en-US')} training rows, ${s.seconds.toFixed(1)} s`,
      );
      if (bestAt(r, f).includes(m)) td.classList.add('best');
      tr.append(td);
    }
    return tr;
  });
  const majority = document.createElement('tr');
  majority.append(
    cell('td', 'Most common class', HELP.majority),
    ...fractions.map(() => cell('td', percent(r.majority))),
  );
  majority.className = 'baseline';
  table.replaceChildren(document.createElement('thead'), document.createElement('tbody'));
  table.tHead?.append(head);
  table.tBodies[0]?.append(...rows, majority);
}

/** The legend: a swatch per method (its tooltip says what it is) and the majority line. */
export function renderLegend(list: HTMLElement, r: TableCompareResult): void {
  const items = methodsOf(r).map((m) => {
    const li = document.createElement('li');
    li.title = METHOD_HELP[m];
    const sw = document.createElement('span');
    sw.className = 'swatch square';
    sw.style.background = METHOD_COLOURS[m];
    li.append(sw, METHOD_NAMES[m]);
    return li;
  });
  const li = document.createElement('li');
  li.title = HELP.majority;
  const k = document.createElement('span');
  k.className = 'key dashed';
  li.append(k, `Most common class (${percent(r.majority)})`);
  list.replaceChildren(...items, li);
}
