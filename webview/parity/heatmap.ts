/**
 * @file The success heatmaps: one per init, a square per width (rows, widest on top) and training set size
 * (columns, online last), shaded by the share of runs that learned, the fraction written inside; squares not yet
 * finished are outlined and grey. Each square's tooltip has its numbers.
 */
import { interpolateRgb } from 'd3-interpolate';
import { select } from 'd3-selection';
import type { ParityPanel } from '../../src/shared/parityPanel';
import { capital, cellTitle, fmt, heatGrids, initLabel, rate, samplesLabel, type HeatGrid } from './data';

const MARGIN = { top: 8, right: 8, bottom: 40, left: 78 };
const CELL_H = 30;

/** The shade of a success rate in [0, 1]. */
export const shade = (r: number): string => interpolateRgb('rgba(128,128,128,0.12)', 'rgb(27,128,72)')(r);

function drawOne(svg: SVGSVGElement, g: HeatGrid, sparsity: number, width: number): void {
  const cols = Math.max(1, g.samples.length);
  const cellW = Math.max(34, Math.min(110, Math.floor((width - MARGIN.left - MARGIN.right) / cols)));
  const w = Math.max(MARGIN.left + cols * cellW + MARGIN.right, 230);
  const h = MARGIN.top + g.widths.length * CELL_H + MARGIN.bottom;
  const root = select(svg).attr('width', w).attr('height', h).attr('viewBox', `0 0 ${w} ${h}`);
  root.selectAll('*').remove();
  const plot = root.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  g.widths.forEach((width, row) => {
    plot
      .append('text')
      .attr('class', 'heat-axis')
      .attr('x', -8)
      .attr('y', row * CELL_H + CELL_H / 2)
      .attr('dy', '0.32em')
      .attr('text-anchor', 'end')
      .text(fmt(width));
    g.samples.forEach((m, col) => {
      const c = g.cells[row]?.[col];
      const cell = plot
        .append('g')
        .attr('class', c === undefined ? 'heat-cell pending' : 'heat-cell done')
        .attr('transform', `translate(${col * cellW},${row * CELL_H})`);
      cell
        .append('rect')
        .attr('width', cellW - 2)
        .attr('height', CELL_H - 2)
        .attr('fill', c === undefined ? 'none' : shade(rate(c)));
      const text = cell
        .append('text')
        .attr('x', (cellW - 2) / 2)
        .attr('y', (CELL_H - 2) / 2)
        .attr('dy', '0.32em')
        .attr('text-anchor', 'middle')
        .classed('light', c !== undefined && rate(c) > 0.55)
        .text(c === undefined ? '…' : `${c.successes}/${c.runs}`);
      text.attr('aria-hidden', 'true');
      const pending = `Width ${fmt(width)}, ${samplesLabel(m)}, ${initLabel(g.init, sparsity)} init: still training.`;
      cell.append('title').text(c === undefined ? pending : cellTitle(c, sparsity));
    });
  });
  g.samples.forEach((m, col) => {
    plot
      .append('text')
      .attr('class', 'heat-axis')
      .attr('x', col * cellW + (cellW - 2) / 2)
      .attr('y', g.widths.length * CELL_H + 12)
      .attr('text-anchor', 'middle')
      .text(samplesLabel(m));
  });
  const gridW = cols * cellW;
  plot
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', Math.max(gridW / 2, 70))
    .attr('y', g.widths.length * CELL_H + 32)
    .attr('text-anchor', 'middle')
    .text('Training samples')
    .append('title')
    .text('Examples the network trains on, reused every pass; online: fresh examples every step.');
  plot
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(${-62},${(g.widths.length * CELL_H) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text('Width');
}

/** Draws a heatmap per init of `p` into `box` (a title and an SVG each), fitting `box`'s width. */
export function drawHeatmaps(box: HTMLElement, p: ParityPanel): void {
  const width = Math.max(260, box.clientWidth);
  const grids = heatGrids(p);
  box.replaceChildren(
    ...grids.map((g) => {
      const figure = document.createElement('figure');
      figure.className = 'heatmap';
      figure.dataset['init'] = g.init;
      const caption = document.createElement('figcaption');
      const done = g.cells.flat().filter((c) => c !== undefined).length;
      const all = g.cells.flat().length;
      const name = capital(initLabel(g.init, p.result.sparsity));
      caption.textContent = `${name} initialization (${done} of ${all} cells done)`;
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.classList.add('lab-chart', 'heat');
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', `Success of ${g.init} initialization by width and training samples`);
      figure.append(caption, svg);
      drawOne(svg, g, p.result.sparsity, width);
      return figure;
    }),
  );
}

/** The heatmaps' legend: the shade of 0, 25, 50, 75 and 100% of runs learning, and an unfinished square. */
export function renderHeatLegend(list: HTMLElement): void {
  const key = (fill: string, label: string, pending = false): HTMLLIElement => {
    const li = document.createElement('li');
    const sw = document.createElement('span');
    sw.className = pending ? 'swatch square pending' : 'swatch square';
    if (!pending) sw.style.background = fill;
    li.append(sw, label);
    return li;
  };
  list.replaceChildren(
    ...[0, 0.25, 0.5, 0.75, 1].map((r) => key(shade(r), `${r * 100}%`)),
    key('', 'still training', true),
  );
  list.title = 'Share of seeds that learned the rule (at least 99% right on new examples within the step cutoff).';
}
