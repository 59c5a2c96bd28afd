/**
 * @file The Kronecker panel's line charts for the selected layer: the cosine to H after each power step (step 1
 * marked "Shampoo² = L ⊗ R", the optimal and Shampoo as reference lines), and the spectra of L and R on a log
 * scale. Every point has a tooltip with its numbers.
 */
import { line } from 'd3-shape';
import { chartSize, frame, type Frame, wholeXTicks } from '../shared/frame';
import { sig } from '../shared/numbers';
import { APPROXES, conditionOf, convergencePoints, cosineDomain, fmtCos, spectrumPoints } from './data';
import type { KronLayer } from '../../src/shared/kronecker';

type Pt = { x: number; y: number };

function path(fr: Frame, pts: readonly Pt[]): string {
  return (
    line<Pt>()
      .x((p) => fr.x(p.x))
      .y((p) => fr.y(p.y))(pts) ?? ''
  );
}

function refLine(fr: Frame, y: number, cls: string, colour: string, title: string): void {
  const [x0, x1] = fr.x.domain() as [number, number];
  fr.g
    .append('line')
    .attr('class', `ref-line ${cls}`)
    .attr('x1', fr.x(x0))
    .attr('x2', fr.x(x1))
    .attr('y1', fr.y(y))
    .attr('y2', fr.y(y))
    .attr('stroke', colour)
    .append('title')
    .text(title);
}

/** The optimal's line across the chart, its value written at its right end. */
function optimalLine(fr: Frame, l: KronLayer): void {
  const opt = APPROXES[0];
  if (opt === undefined) return;
  refLine(fr, l.cosOptimal, 'optimal', opt.colour, `Optimal (power iteration converged): ${fmtCos(l.cosOptimal)}`);
  fr.g
    .append('text')
    .attr('class', 'ref-label')
    .attr('x', fr.width - 4)
    .attr('y', fr.y(l.cosOptimal) - 6)
    .attr('text-anchor', 'end')
    .attr('fill', opt.colour)
    .text(`optimal ${fmtCos(l.cosOptimal)}`);
}

/**
 * The cosine to H after each power step from (I, I), step 1 (= L ⊗ R) marked, the optimal as a dashed line;
 * Shampoo's line only when it falls within the steps' range (its value is in the note below the chart).
 */
export function drawConvergence(svg: SVGSVGElement, l: KronLayer): void {
  const pts = convergencePoints(l);
  if (pts.length === 0) return void svg.replaceChildren();
  const { width, height } = chartSize(svg, 0.36);
  const last = Math.max(2, ...pts.map((p) => p.step));
  const yDomain = cosineDomain([...pts.map((p) => p.cos), l.cosOptimal]);
  const fr = frame(
    svg,
    width,
    height,
    { domain: [1, last], log: false, label: 'Power-iteration step from (I, I)' },
    { domain: yDomain, log: false, label: 'Cosine to H' },
  );
  wholeXTicks(fr);
  const sh = APPROXES[2];
  if (sh !== undefined && l.cosShampoo >= yDomain[0] && l.cosShampoo <= yDomain[1])
    refLine(fr, l.cosShampoo, 'shampoo', sh.colour, `Shampoo L^\u00bd \u2297 R^\u00bd: ${fmtCos(l.cosShampoo)}`);
  optimalLine(fr, l);
  const steps = pts.map((p) => ({ x: p.step, y: p.cos }));
  fr.g.append('path').attr('class', 'step-line').attr('fill', 'none').attr('d', path(fr, steps));
  for (const p of pts) {
    const first = p.step === 1;
    const dot = fr.g
      .append('circle')
      .attr('class', `step-point${first ? ' first' : ''}`)
      .attr('cx', fr.x(p.step))
      .attr('cy', fr.y(p.cos))
      .attr('r', first ? 6 : pts.length > 30 ? 2 : 3.5);
    const what = first ? ' (Shampoo\u00b2 = L \u2297 R)' : '';
    dot.append('title').text(`Step ${p.step}${what}: cosine to H ${fmtCos(p.cos)}`);
  }
  const p1 = pts[0];
  if (p1 !== undefined && p1.step === 1) {
    const high = fr.y(p1.cos) < fr.height * 0.3;
    fr.g
      .append('text')
      .attr('class', 'step-mark')
      .attr('x', fr.x(1) + 10)
      .attr('y', fr.y(p1.cos) + (high ? 20 : -10))
      .text('step 1: Shampoo\u00b2 = L \u2297 R');
  }
}

/** The eigenvalues of L and R, largest first, on a log scale (rank on a log axis when there are many). */
export function drawSpectra(svg: SVGSVGElement, l: KronLayer): void {
  const sides = [
    { key: 'l', label: 'L', values: l.spectra.l, of: l.m },
    { key: 'r', label: 'R', values: l.spectra.r, of: l.n },
  ].map((s) => ({ ...s, ...spectrumPoints(s.values) }));
  const all = sides.flatMap((s) => s.points);
  if (all.length === 0) return void svg.replaceChildren();
  const { width, height } = chartSize(svg, 0.42);
  const maxRank = Math.max(2, ...all.map((p) => p.rank));
  const values = all.map((p) => p.value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const fr = frame(
    svg,
    width,
    height,
    { domain: [1, maxRank], log: maxRank > 40, label: `Rank (largest first${maxRank > 40 ? ', log scale' : ''})` },
    { domain: [lo / 1.5, hi * 1.5], log: true, label: 'Eigenvalue (log scale)' },
  );
  if (maxRank <= 40) wholeXTicks(fr);
  for (const s of sides) {
    const pts = s.points.map((p) => ({ x: p.rank, y: p.value }));
    const cond = conditionOf(s.values);
    const title =
      `${s.label}: ${s.points.length} positive eigenvalues of ${s.of}, largest ${sig(pts[0]?.y ?? NaN)}` +
      (Number.isFinite(cond) ? `, largest / smallest ${sig(cond)}` : '');
    const line = fr.g.append('path').attr('class', `spectrum ${s.key}`).attr('fill', 'none');
    line.attr('d', path(fr, pts)).append('title').text(title);
    const dots = fr.g.append('g').attr('class', `spectrum-dots ${s.key}${s.points.length <= 40 ? ' few' : ''}`);
    for (const p of s.points) {
      dots
        .append('circle')
        .attr('cx', fr.x(p.rank))
        .attr('cy', fr.y(p.value))
        .attr('r', 2.5)
        .append('title')
        .text(`${s.label}, eigenvalue ${p.rank} of ${s.of}: ${sig(p.value, 4)}`);
    }
  }
}
