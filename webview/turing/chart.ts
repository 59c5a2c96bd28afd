/**
 * @file The chart of the Turing-program view: for each line of the scratchpad, the cells equal to the true
 * program's line (a bar coloured by the simulator's verdict) inside an outline of the true line's length.
 */
import type { ProgramRunResult } from '../../src/shared/turing';
import { chartSize, frame, wholeXTicks } from '../shared/frame';

/** Cells of `written` equal to the same cell of `truth`. */
export function cellsRight(written: string, truth: string): number {
  const a = written.split(' ');
  const b = truth.split(' ');
  return a.reduce((n, c, i) => n + (c === b[i] ? 1 : 0), 0);
}

/** Draws the cells-right bars of `r` into `svg`. */
export function drawCells(svg: SVGSVGElement, r: ProgramRunResult): void {
  const { width } = chartSize(svg);
  const lines = r.truth.length - 1;
  const most = r.truth.reduce((m, t) => Math.max(m, t.split(' ').length), 1);
  const fr = frame(
    svg,
    width,
    220,
    { domain: [0.5, lines + 0.5], log: false, label: 'line of the scratchpad' },
    { domain: [0, most], log: false, label: 'cells' },
  );
  wholeXTicks(fr, [1, lines]);
  const band = Math.max(2, (fr.x(1.5) - fr.x(0.5)) * 0.7);
  for (let i = 1; i <= lines; i++) {
    const total = (r.truth[i] ?? '').split(' ').length;
    const x = fr.x(i) - band / 2;
    fr.g
      .append('rect')
      .attr('class', 'outline')
      .attr('x', x)
      .attr('width', band)
      .attr('y', fr.y(total))
      .attr('height', fr.y(0) - fr.y(total));
    const line = r.lines.find((l) => l.index === i);
    if (line === undefined) continue;
    const right = cellsRight(line.text, r.truth[i] ?? '');
    fr.g
      .append('rect')
      .attr('class', `bar ${line.status}`)
      .attr('x', x)
      .attr('width', band)
      .attr('y', fr.y(right))
      .attr('height', fr.y(0) - fr.y(right))
      .append('title')
      .text(`Line ${i}: ${right} of ${total} cells equal the true line (${line.status})`);
  }
}
