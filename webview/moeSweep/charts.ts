/**
 * @file One task's chart: accuracy against total or active parameters (log x), the MoE models as dots joined in
 * order of E and labelled E = …, the dense 1× and 2× models as a square and a diamond, and each live re-measure as
 * a ring with its 95 % interval. Every mark has a tooltip.
 */
import { line, symbol, symbolDiamond, symbolSquare } from 'd3-shape';
import { sweepLabel, type SweepModel } from '../../src/shared/moeSweep';
import { chartSize, frame, type Frame } from '../shared/frame';
import { COLOURS, intervalText, isNarrowDense, paramsText, pointTitle } from './data';
import { placeLabels } from './labels';

/** Which parameter count is on the x axis. */
export type ParamAxis = 'totalParams' | 'activeParams';

const X_LABELS: Readonly<Record<ParamAxis, string>> = {
  totalParams: 'Total parameters (log scale)',
  activeParams: 'Active parameters per token (log scale)',
};

/** A live point sits a little right of its model's point so both show. */
const LIVE_SHIFT = 1.06;

function domainOf(models: readonly SweepModel[], axis: ParamAxis): [number, number] {
  const xs = models.map((m) => Math.max(1, m[axis]));
  return [Math.min(...xs) / 1.6, Math.max(...xs) * 1.6];
}

function drawMoe(fr: Frame, models: readonly SweepModel[], axis: ParamAxis): void {
  const moe = models.filter((m) => m.kind === 'moe');
  const path = line<SweepModel>()
    .x((m) => fr.x(m[axis]))
    .y((m) => fr.y(m.accuracy))(moe);
  fr.g
    .append('path')
    .attr('class', 'moe-line')
    .attr('fill', 'none')
    .attr('stroke', COLOURS.moe)
    .attr('d', path ?? '');
  for (const m of moe) {
    const dot = fr.g.append('circle').attr('class', 'point moe').attr('r', 4.5).attr('fill', COLOURS.moe);
    dot.attr('cx', fr.x(m[axis])).attr('cy', fr.y(m.accuracy)).append('title').text(pointTitle(m));
  }
}

function drawDense(fr: Frame, models: readonly SweepModel[], axis: ParamAxis): void {
  for (const m of models.filter((d) => d.kind === 'dense')) {
    const narrow = isNarrowDense(m);
    const mark = symbol(narrow ? symbolSquare : symbolDiamond, 90)();
    fr.g
      .append('path')
      .attr('class', `point dense ${narrow ? 'dense-1' : 'dense-2'}`)
      .attr('d', mark ?? '')
      .attr('fill', narrow ? COLOURS.dense1 : COLOURS.dense2)
      .attr('transform', `translate(${fr.x(m[axis])},${fr.y(m.accuracy)})`)
      .append('title')
      .text(pointTitle(m));
  }
}

/** `E = …` or `dense 2×` beside every point, placed so that no two labels overlap. */
function drawLabels(fr: Frame, models: readonly SweepModel[], axis: ParamAxis): void {
  const points = models.map((m) => ({ x: fr.x(m[axis]), y: fr.y(m.accuracy), text: sweepLabel(m) }));
  placeLabels(points, fr.width, fr.height).forEach((p, i) => {
    const m = models[i];
    if (m === undefined) return;
    fr.g
      .append('text')
      .attr('class', `point-label ${m.kind}`)
      .attr('x', p.x)
      .attr('y', p.y)
      .attr('text-anchor', p.anchor)
      .text(points[i]?.text ?? '');
  });
}

function drawLive(fr: Frame, models: readonly SweepModel[], axis: ParamAxis): void {
  for (const m of models) {
    const l = m.live;
    if (l === undefined) continue;
    const x = fr.x(m[axis] * LIVE_SHIFT);
    const g = fr.g.append('g').attr('class', 'live-point');
    g.append('line').attr('x1', x).attr('x2', x).attr('y1', fr.y(l.low)).attr('y2', fr.y(l.high));
    for (const y of [l.low, l.high])
      g.append('line')
        .attr('x1', x - 3)
        .attr('x2', x + 3)
        .attr('y1', fr.y(y))
        .attr('y2', fr.y(y));
    g.append('circle').attr('cx', x).attr('cy', fr.y(l.accuracy)).attr('r', 3.5);
    g.attr('stroke', COLOURS.live)
      .append('title')
      .text(`${m.name} (${sweepLabel(m)}), live: ${intervalText(l)}`);
  }
}

/** The x axis's tick labels as parameter counts, at most `most` of them (every other one dropped until they fit). */
function paramTicks(fr: Frame, most: number): void {
  const ticks = fr.g
    .selectAll<SVGGElement, unknown>('.axis')
    .filter((_, k) => k === 0)
    .selectAll<SVGTextElement, number>('.tick text');
  const step = Math.ceil(ticks.size() / most);
  ticks.text((d, i) => (i % step === 0 ? paramsText(d) : ''));
}

/** Draws one task's models against `axis` into `svg`. */
export function drawSweepChart(svg: SVGSVGElement, models: readonly SweepModel[], axis: ParamAxis): void {
  if (models.length === 0) return void svg.replaceChildren();
  const { width, height } = chartSize(svg, 0.62);
  const fr = frame(
    svg,
    width,
    height,
    { domain: domainOf(models, axis), log: true, label: X_LABELS[axis] },
    { domain: [0, 1], log: false, label: 'Accuracy (exact match)' },
  );
  paramTicks(fr, Math.max(3, Math.floor(width / 90)));
  drawMoe(fr, models, axis);
  drawDense(fr, models, axis);
  drawLabels(fr, models, axis);
  drawLive(fr, models, axis);
}
