/**
 * @file The Gantt strip: one row per request of the window, by arrival; a bar where it ran, a pale hatched bar
 * where it was paused holding KV cache, a tick at its arrival and a red mark at each preemption.
 */
import { scaleLinear } from 'd3-scale';
import type { ServingSimulateResult } from '../../src/shared/serving';
import { frame } from '../shared/frame';
import { fmt, ganttRows, POLICY_COLOURS, runLabel, type GanttRow } from './data';

const ROW = 12;

function rowTitle(row: GanttRow, unit: string): string {
  const first = row.running[0]?.[0];
  const last = row.running[row.running.length - 1]?.[1];
  const predicted = row.predicted !== undefined ? ` (predicted ${fmt(row.predicted)})` : '';
  const wait = first !== undefined ? `; waited ${fmt(first - row.arrival)} ${unit} for its first token` : '';
  const done = last !== undefined ? `; last token at ${fmt(last)}` : '';
  const pre = row.preemptions.length > 0 ? `; preempted ${row.preemptions.length} time(s)` : '';
  const arrived = `arrived at ${fmt(row.arrival)}, ${fmt(row.size)} output tokens${predicted}`;
  return `Request ${row.job}: ${arrived}${wait}${done}${pre}`;
}

/** Draws run `i`'s Gantt strip over the result's window. */
export function drawGantt(svg: SVGSVGElement, r: ServingSimulateResult, i: number): void {
  const rows = ganttRows(r, i);
  const run = r.runs[i];
  if (rows.length === 0 || run === undefined) return void svg.replaceChildren();
  const width = Math.max(240, Math.floor(svg.parentElement?.clientWidth ?? 640));
  const height = Math.min(900, rows.length * ROW + 56);
  const unit = r.timeUnit === 's' ? 's' : 'mean service times';
  const [t0, t1] = r.window;
  const fr = frame(
    svg,
    width,
    height,
    { domain: [0, t1 - t0], log: false, label: `Time since ${fmt(t0)} (${unit})` },
    { domain: [0, rows.length], log: false, label: 'Requests, earliest at the top' },
  );
  // Rows are requests, not a quantity: no ticks or grid lines on the y axis.
  fr.g
    .selectAll('.axis')
    .filter((_, k) => k === 1)
    .selectAll('.tick')
    .remove();
  fr.g
    .selectAll('.grid')
    .filter((_, k) => k === 1)
    .remove();
  const y = scaleLinear().domain([0, rows.length]).range([0, fr.height]);
  const h = Math.max(2, y(1) - y(0) - 2);
  const colour = POLICY_COLOURS[run.summary.policy] ?? '#888';
  const at = (t: number): number => fr.x(t - t0);
  const clip = (t: number): number => at(Math.min(t1, Math.max(t0, t)));
  for (const [k, row] of rows.entries()) {
    const g = fr.g.append('g').attr('class', 'gantt-row').attr('data-job', row.job);
    g.append('title').text(rowTitle(row, unit));
    const top = y(k) + 1;
    const bar = (span: readonly [number, number], cls: string, fill: string): void => {
      const x0 = clip(span[0]);
      g.append('rect')
        .attr('class', cls)
        .attr('x', x0)
        .attr('y', top)
        .attr('height', h)
        .attr('width', Math.max(0.5, clip(span[1]) - x0))
        .attr('fill', fill);
    };
    for (const s of row.paused) bar(s, 'paused', 'url(#paused-hatch)');
    for (const s of row.running) bar(s, 'running', colour);
    if (row.arrival >= t0 && row.arrival <= t1) {
      g.append('line')
        .attr('class', 'arrival')
        .attr('x1', at(row.arrival))
        .attr('x2', at(row.arrival))
        .attr('y1', top - 1)
        .attr('y2', top + h + 1);
    }
    for (const t of row.preemptions.filter((t) => t >= t0 && t <= t1)) {
      const x = at(t);
      g.append('path')
        .attr('class', 'preemption')
        .attr('d', `M${x - 4},${top - 2}L${x + 4},${top - 2}L${x},${top + 4}Z`);
    }
  }
  hatch(svg, colour);
  svg.setAttribute('aria-label', `${runLabel(run.summary)}: who ran when, ${rows.length} requests`);
}

function hatch(svg: SVGSVGElement, colour: string): void {
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  const pattern = document.createElementNS(ns, 'pattern');
  pattern.id = 'paused-hatch';
  for (const [k, v] of Object.entries({
    width: '6',
    height: '6',
    patternUnits: 'userSpaceOnUse',
    patternTransform: 'rotate(45)',
  }))
    pattern.setAttribute(k, v);
  const stripe = document.createElementNS(ns, 'rect');
  for (const [k, v] of Object.entries({ width: '2', height: '6', fill: colour, 'fill-opacity': '0.55' }))
    stripe.setAttribute(k, v);
  pattern.append(stripe);
  defs.append(pattern);
  svg.prepend(defs);
}
