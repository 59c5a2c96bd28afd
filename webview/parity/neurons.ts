/**
 * @file The lottery-ticket figure: the top-norm neurons' first-layer weights, one row per neuron and one column
 * per input bit (red positive, blue negative, white near zero), the k relevant bits marked ▼ and outlined.
 */
import { interpolateRgb } from 'd3-interpolate';
import { select } from 'd3-selection';
import type { ParityNeurons } from '../../src/shared/parity';
import { fmt, initLabel, samplesLabel } from './data';

const MARGIN = { top: 30, right: 8, bottom: 26, left: 136 };
const ROW_H = 22;

/** The colour of a weight `w` against the largest magnitude shown `hi`. */
export function weightColour(w: number, hi: number): string {
  const t = hi > 0 ? Math.max(-1, Math.min(1, w / hi)) : 0;
  return t >= 0
    ? interpolateRgb('rgba(128,128,128,0.08)', 'rgb(207,34,46)')(t)
    : interpolateRgb('rgba(128,128,128,0.08)', 'rgb(9,105,218)')(-t);
}

/** The note above the figure: which network it is. */
export function neuronsNote(nn: ParityNeurons, sparsity: number): string {
  const how = nn.succeeded ? 'learned the rule' : 'did not learn the rule';
  const m = nn.samples === 0 ? 'online' : `${samplesLabel(nn.samples)} samples`;
  const what = `${m}, ${initLabel(nn.init, sparsity)} init, seed ${nn.seed}`;
  return `A network of width ${fmt(nn.width)} (${what}) that ${how}.`;
}

/** Draws the neurons' weights into `svg`, cells as wide as the box allows (at least 4 px: the box scrolls). */
export function drawNeurons(svg: SVGSVGElement, nn: ParityNeurons, support: readonly number[], n: number): void {
  const avail = Math.max(240, svg.parentElement?.clientWidth ?? 640);
  const cellW = Math.max(4, Math.min(26, Math.floor((avail - MARGIN.left - MARGIN.right) / Math.max(1, n))));
  const w = MARGIN.left + n * cellW + MARGIN.right;
  const h = MARGIN.top + nn.neurons.length * ROW_H + MARGIN.bottom;
  const root = select(svg).attr('width', w).attr('height', h).attr('viewBox', `0 0 ${w} ${h}`);
  root.selectAll('*').remove();
  const hi = Math.max(1e-12, ...nn.neurons.flatMap((x) => x.weights.map(Math.abs)));
  const relevant = new Set(support);
  const plot = root.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  for (const i of support) {
    plot
      .append('text')
      .attr('class', 'support-mark')
      .attr('x', i * cellW + cellW / 2)
      .attr('y', -16)
      .attr('text-anchor', 'middle')
      .text('▼')
      .append('title')
      .text(`x${i + 1}: one of the ${support.length} bits the label depends on`);
    plot
      .append('rect')
      .attr('class', 'support-column')
      .attr('x', i * cellW - 1)
      .attr('y', -4)
      .attr('width', cellW)
      .attr('height', nn.neurons.length * ROW_H + 4);
  }
  nn.neurons.forEach((neuron, row) => {
    const g = plot
      .append('g')
      .attr('class', 'neuron-row')
      .attr('transform', `translate(0,${row * ROW_H})`);
    g.append('text')
      .attr('class', 'heat-axis')
      .attr('x', -8)
      .attr('y', (ROW_H - 2) / 2)
      .attr('dy', '0.32em')
      .attr('text-anchor', 'end')
      .text(`#${neuron.index} (norm ${neuron.norm.toFixed(2)})`)
      .append('title')
      .text(`Neuron ${neuron.index}: the length (Euclidean norm) of its input weights is ${neuron.norm.toFixed(3)}.`);
    neuron.weights.forEach((wt, i) => {
      g.append('rect')
        .attr('class', relevant.has(i) ? 'weight relevant' : 'weight')
        .attr('x', i * cellW)
        .attr('width', Math.max(1, cellW - 1))
        .attr('height', ROW_H - 2)
        .attr('fill', weightColour(wt, hi))
        .append('title')
        .text(
          `Neuron ${neuron.index}, input x${i + 1}${relevant.has(i) ? ' (relevant)' : ''}: weight ${wt.toFixed(3)}`,
        );
    });
  });
  const every = Math.max(1, Math.ceil(28 / cellW));
  for (let i = 0; i < n; i += every) {
    plot
      .append('text')
      .attr('class', 'heat-axis')
      .attr('x', i * cellW + cellW / 2)
      .attr('y', nn.neurons.length * ROW_H + 14)
      .attr('text-anchor', 'middle')
      .text(`x${i + 1}`);
  }
}
