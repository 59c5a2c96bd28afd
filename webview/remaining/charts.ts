/**
 * @file The remaining-length panel's charts: the heat strip (per generated token, the probe's distribution over
 * remaining-length bins) with the estimate lines over it, and the layer scan (each layer's probe error).
 */
import { line } from 'd3-shape';
import type { RemainingPredictResult } from '../../src/shared/remaining';
import { chartSize, frame, wholeXTicks } from '../shared/frame';
import { fmt } from '../serving/data';
import { ESTIMATE_HELP, ESTIMATES, estimateLine, heatCells, stripTop } from './data';

/** The heat strip's colour (opacity carries the probability). */
export const HEAT_COLOUR = '#3a86ff';

const LINE_CLASS = { refined: 'refined', probeOnly: 'probe', promptOnly: 'prompt', truth: 'truth' } as const;

/** Draws the heat strip and the estimate lines; `maxSteps` fixes the x axis while the model writes. */
export function drawStrip(svg: SVGSVGElement, r: RemainingPredictResult, maxSteps: number): void {
  const { width, height } = chartSize(svg, 0.42);
  const top = stripTop(r);
  const steps = Math.max(maxSteps, r.steps.length, 2);
  const fr = frame(
    svg,
    width,
    height,
    { domain: [0, steps], log: false, label: 'Tokens generated so far' },
    { domain: [0, top], log: false, label: 'Tokens still to come' },
  );
  wholeXTicks(fr);
  const cw = Math.max(0.5, fr.x(1) - fr.x(0));
  const cells = fr.g.append('g').attr('class', 'heat');
  for (const c of heatCells(r)) {
    const lo = r.bins.edges[c.bin] ?? 0;
    const hi = r.bins.edges[c.bin + 1] ?? lo;
    if (lo >= top) continue;
    const token = JSON.stringify(r.steps[c.step]?.text ?? '');
    cells
      .append('rect')
      .attr('x', fr.x(c.step))
      .attr('y', fr.y(Math.min(hi, top)))
      .attr('width', cw + 0.3)
      .attr('height', Math.max(0.5, fr.y(lo) - fr.y(Math.min(hi, top))))
      .attr('fill', HEAT_COLOUR)
      .attr('fill-opacity', Math.min(1, Math.sqrt(c.p)))
      .append('title')
      .text(`After token ${c.step + 1} (${token}): ${fmt(c.p * 100, 2)}% that ${fmt(lo)}–${fmt(hi)} tokens remain`);
  }
  for (const which of ESTIMATES) {
    const pts = estimateLine(r, which).map((p) => ({ x: fr.x(p.x + 0.5), y: fr.y(Math.min(top, p.y)) }));
    if (pts.length === 0) continue;
    fr.g
      .append('path')
      .attr('class', `estimate ${LINE_CLASS[which]}`)
      .attr('fill', 'none')
      .attr(
        'd',
        line<{ x: number; y: number }>()
          .x((p) => p.x)
          .y((p) => p.y)(pts) ?? '',
      )
      .append('title')
      .text(ESTIMATE_HELP[which].help);
  }
}

/** The layer scan: each layer's mean absolute error (this answer's bars, held-out dots), the chosen layer marked. */
export function drawLayerScan(svg: SVGSVGElement, r: RemainingPredictResult): void {
  const rows = r.layerScan;
  const values = rows.flatMap((e) => [e.mae ?? NaN, e.heldOutMae ?? NaN]).filter(Number.isFinite);
  if (rows.length === 0 || values.length === 0) return void svg.replaceChildren();
  const { width, height } = chartSize(svg, 0.32);
  const layers = rows.map((e) => e.layer);
  const fr = frame(
    svg,
    width,
    height,
    { domain: [Math.min(...layers) - 0.5, Math.max(...layers) + 0.5], log: false, label: 'Layer of the model' },
    { domain: [0, Math.max(...values) * 1.15], log: false, label: 'Mean abs. error (tokens)' },
  );
  wholeXTicks(fr);
  const bw = Math.max(2, (fr.x(1) - fr.x(0)) * 0.6);
  for (const e of rows) {
    const chosen = e.layer === r.layer ? ' (the layer used above)' : '';
    if (e.mae !== undefined) {
      fr.g
        .append('rect')
        .attr('class', `scan-bar${e.layer === r.layer ? ' chosen' : ''}`)
        .attr('x', fr.x(e.layer) - bw / 2)
        .attr('y', fr.y(e.mae))
        .attr('width', bw)
        .attr('height', fr.height - fr.y(e.mae))
        .append('title')
        .text(`Layer ${e.layer}${chosen}: its probe was off by ${fmt(e.mae)} tokens on average on this answer`);
    }
    if (e.heldOutMae !== undefined) {
      fr.g
        .append('circle')
        .attr('class', `scan-heldout${e.layer === r.layer ? ' chosen' : ''}`)
        .attr('cx', fr.x(e.layer))
        .attr('cy', fr.y(e.heldOutMae))
        .attr('r', 4)
        .append('title')
        .text(`Layer ${e.layer}${chosen}: off by ${fmt(e.heldOutMae)} tokens on average on held-out prompts`);
    }
  }
}
