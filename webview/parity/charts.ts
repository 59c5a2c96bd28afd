/**
 * @file The parity panel's charts: the luck curve (measured success against width beside the closed form), the
 * rewind check's two bars and one run's train and test accuracy against step. Every mark has a tooltip.
 */
import { select } from 'd3-selection';
import { line } from 'd3-shape';
import type { LuckPoint, ParityCurve, ParityInit, ParityRewind } from '../../src/shared/parity';
import { chartSize, frame, type Frame } from '../shared/frame';
import { curveLabel, fmt, initLabel, luckSeries, samplesLabel } from './data';

/** Colour of each init's marks. */
export const INIT_COLOURS: Readonly<Record<ParityInit, string>> = { dense: '#8250df', sparse: '#1b8048' };

type Pt = { x: number; y: number };

function addPath(fr: Frame, pts: readonly Pt[], cls: string, colour: string, title: string): void {
  const d = line<Pt>()
    .x((p) => fr.x(p.x))
    .y((p) => fr.y(p.y))(pts.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  fr.g
    .append('path')
    .attr('class', cls)
    .attr('fill', 'none')
    .attr('stroke', colour)
    .attr('d', d ?? '')
    .append('title')
    .text(title);
}

/** Measured success rate against width per init (dots and a line), the closed form dashed (sparse init). */
export function drawLuck(svg: SVGSVGElement, points: readonly LuckPoint[], sparsity: number): void {
  const series = luckSeries(points);
  if (series.length === 0) return void svg.replaceChildren();
  const widths = points.map((p) => p.width);
  const { width, height } = chartSize(svg, 0.45);
  const lo = Math.min(...widths);
  const hi = Math.max(...widths);
  const fr = frame(
    svg,
    width,
    height,
    { domain: [lo / 1.3, hi * 1.3], log: true, label: 'Width (hidden neurons, log scale)' },
    { domain: [0, 1], log: false, label: 'Share of runs that learned' },
  );
  for (const s of series) {
    const colour = INIT_COLOURS[s.init];
    const name = initLabel(s.init, sparsity);
    const m = samplesLabel(s.points[0]?.samples ?? 0);
    addPath(
      fr,
      s.points.map((p) => ({ x: p.width, y: p.measured })),
      'luck-measured',
      colour,
      `${name}: measured (${m})`,
    );
    const closed = s.points.filter((p) => p.closedForm !== null).map((p) => ({ x: p.width, y: p.closedForm ?? NaN }));
    if (closed.length > 0) {
      addPath(fr, closed, 'luck-closed', colour, `${name}: closed form 1 − (1 − q)^width`);
    }
    for (const p of s.points) {
      const cf = p.closedForm === null ? '' : `; closed form ${(100 * p.closedForm).toFixed(1)}%`;
      fr.g
        .append('circle')
        .attr('class', `luck-point ${s.init}`)
        .attr('cx', fr.x(p.width))
        .attr('cy', fr.y(p.measured))
        // Dense as a ring around sparse's dot, so both show where they coincide.
        .attr('r', s.init === 'dense' ? 7 : 4.5)
        .attr('fill', s.init === 'dense' ? 'none' : colour)
        .attr('stroke', s.init === 'dense' ? colour : null)
        .append('title')
        .text(`${name}, width ${fmt(p.width)}, ${m}: ${(100 * p.measured).toFixed(0)}% of ${p.runs} runs learned${cf}`);
    }
  }
}

/** Two bars: the top neurons rewound and retrained, and random neurons of the same number. */
export function drawRewind(svg: SVGSVGElement, r: ParityRewind): void {
  const { width } = chartSize(svg);
  const rows = [
    { key: 'top', label: `Top ${r.keep} neurons, rewound`, arm: r.top, colour: '#1b8048' },
    { key: 'random', label: `${r.keep} random neurons`, arm: r.random, colour: '#9a6700' },
  ];
  const left = 170;
  const barW = Math.max(60, width - left - 70);
  const root = select(svg).attr('width', width).attr('height', 92).attr('viewBox', `0 0 ${width} 92`);
  root.selectAll('*').remove();
  rows.forEach((row, i) => {
    const share = row.arm.runs === 0 ? 0 : row.arm.successes / row.arm.runs;
    const g = root
      .append('g')
      .attr('class', `rewind-bar ${row.key}`)
      .attr('transform', `translate(0,${8 + i * 40})`);
    g.append('text')
      .attr('class', 'heat-axis')
      .attr('x', left - 8)
      .attr('y', 14)
      .attr('dy', '0.32em')
      .attr('text-anchor', 'end')
      .text(row.label);
    g.append('rect').attr('class', 'rewind-track').attr('x', left).attr('width', barW).attr('height', 28);
    g.append('rect')
      .attr('x', left)
      .attr('width', barW * share)
      .attr('height', 28)
      .attr('fill', row.colour);
    g.append('text')
      .attr('class', 'heat-axis')
      .attr('x', left + barW + 6)
      .attr('y', 14)
      .attr('dy', '0.32em')
      .text(`${row.arm.successes}/${row.arm.runs}`);
    const steps = row.arm.medianSteps === null ? '' : `, median ${fmt(row.arm.medianSteps)} steps`;
    g.append('title').text(
      `${row.label}: ${row.arm.successes} of ${row.arm.runs} retrainings learned the rule${steps}.`,
    );
  });
}

/** One run's train (dashed) and test (solid) accuracy against step, with the success level dotted. */
export function drawCurve(svg: SVGSVGElement, c: ParityCurve | undefined, sparsity: number): void {
  if (c === undefined || c.step.length === 0) return void svg.replaceChildren();
  const { width, height } = chartSize(svg, 0.4);
  const last = c.step[c.step.length - 1] ?? 1;
  const fr = frame(
    svg,
    width,
    height,
    { domain: [0, Math.max(1, last)], log: false, label: 'Training step' },
    { domain: [0.4, 1], log: false, label: 'Accuracy' },
  );
  const name = curveLabel(c, sparsity);
  const success = [
    { x: 0, y: 0.99 },
    { x: last, y: 0.99 },
  ];
  addPath(fr, success, 'success-level', 'currentColor', 'Success: 99% right on new examples');
  const train = c.step.map((s, i) => ({ x: s, y: c.train[i] ?? NaN }));
  const test = c.step.map((s, i) => ({ x: s, y: c.test[i] ?? NaN }));
  addPath(fr, train, 'train-line', '#0969da', `${name}: accuracy on its training examples`);
  addPath(fr, test, 'test-line', '#cf222e', `${name}: accuracy on new examples`);
}
