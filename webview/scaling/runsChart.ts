/**
 * @file The main chart: each run's final loss against its compute on log–log axes (one colour per dataset, dot
 * size by model size N), the fitted law as one line per model size, translated laws dashed, and each held-out run
 * ringed with its predictions (own law: diamond; loss-to-loss: square) and their 95% intervals as whiskers.
 */
import { line } from 'd3-shape';
import type { DatasetFit, Prediction } from '../../src/shared/scaling';
import type { ScalingPanel } from '../../src/shared/scalingPanel';
import { chartSize, frame, type Frame } from './frame';
import { colourOf, radiusOf } from './scales';
import { computeLoss, logDomain, runName, sig, signedPercent, sizeCurves, type XY } from './format';

type Run = {
  C: number;
  loss: number;
  N?: number | undefined;
  D?: number | undefined;
  run?: string | undefined;
  where: string;
  predicted?: number;
};

/** A run's tooltip: its size, tokens, compute, loss and the law's value. */
const runText = (p: Run): string =>
  `N ${sig(p.N ?? NaN)} parameters, D ${sig(p.D ?? NaN)} tokens, C ${sig(p.C)} FLOPs, ` +
  `final loss ${sig(p.loss)}, law ${sig(p.predicted ?? NaN)}`;

const runsOf = (f: DatasetFit): Run[] => [
  ...f.points.filter((p) => p.C !== undefined).map((p) => ({ ...p, C: p.C ?? 1 })),
];

function domains(panel: ScalingPanel) {
  const Cs: number[] = [];
  const Ls: number[] = [];
  for (const f of panel.fits) {
    for (const p of runsOf(f)) {
      Cs.push(p.C);
      Ls.push(p.loss);
    }
    const h = f.heldOut;
    if (h?.C !== undefined) Cs.push(h.C);
    if (h !== undefined) Ls.push(h.predicted, ...(h.loss !== undefined ? [h.loss] : []), ...(h.interval ?? []));
  }
  return { x: logDomain(Cs, 1.5), y: logDomain(Ls, 1.04) };
}

function drawCurve(fr: Frame, points: readonly XY[], colour: string, cls: string): void {
  const [lo, hi] = fr.y.domain() as [number, number];
  const ok = points.filter((p) => Number.isFinite(p.y) && p.y >= lo && p.y <= hi);
  const path = line<XY>()
    .x((p) => fr.x(p.x))
    .y((p) => fr.y(p.y));
  fr.g
    .append('path')
    .attr('class', cls)
    .attr('fill', 'none')
    .attr('stroke', colour)
    .attr('d', path(ok) ?? '');
}

/** A prediction at C: a marker at the predicted loss with its interval as a whisker, and its tooltip. */
function drawPrediction(fr: Frame, h: Prediction, colour: string, shape: 'diamond' | 'square', what: string): void {
  if (h.C === undefined) return;
  const cx = fr.x(h.C) + (shape === 'square' ? 7 : -7);
  const g = fr.g.append('g').attr('class', `prediction prediction-${shape}`);
  if (h.interval !== undefined) {
    g.append('line')
      .attr('x1', cx)
      .attr('x2', cx)
      .attr('y1', fr.y(h.interval[0]))
      .attr('y2', fr.y(h.interval[1]))
      .attr('stroke', colour)
      .attr('stroke-width', 2);
  }
  const s = 5;
  const y = fr.y(h.predicted);
  const d =
    shape === 'diamond'
      ? `M${cx},${y - s}L${cx + s},${y}L${cx},${y + s}L${cx - s},${y}Z`
      : `M${cx - s + 1},${y - s + 1}h${2 * s - 2}v${2 * s - 2}h${2 - 2 * s}Z`;
  g.append('path').attr('d', d).attr('fill', colour).attr('stroke', 'currentColor').attr('stroke-width', 1);
  const iv = h.interval !== undefined ? ` (95%: ${sig(h.interval[0])} to ${sig(h.interval[1])})` : '';
  const err = h.relativeError !== undefined ? `, error ${signedPercent(h.relativeError)}` : '';
  g.append('title').text(`${what}: predicted ${sig(h.predicted)}${iv}; observed ${sig(h.loss ?? NaN)}${err}`);
  if (h.relativeError === undefined) return;
  // The error written beside the marker: left of the diamond, right of the square, so the two never overlap.
  const label = g.append('text').attr('class', 'prediction-error').attr('y', y).attr('dy', '0.32em');
  label.attr('x', shape === 'square' ? cx + 9 : cx - 9).attr('text-anchor', shape === 'square' ? 'start' : 'end');
  label.attr('fill', colour).text(signedPercent(h.relativeError));
}

function drawRuns(fr: Frame, f: DatasetFit, colour: string, Ns: [number, number]): void {
  const g = fr.g.append('g').attr('class', 'runs').attr('data-dataset', f.dataset);
  for (const p of runsOf(f)) {
    g.append('circle')
      .attr('class', 'run')
      .attr('cx', fr.x(p.C))
      .attr('cy', fr.y(p.loss))
      .attr('r', radiusOf(p.N, ...Ns))
      .attr('fill', colour)
      .attr('fill-opacity', 0.8)
      .attr('stroke', 'currentColor')
      .attr('stroke-width', 0.5)
      .append('title')
      .text(`${f.dataset} · ${p.run ?? runName(p.where)}: ${runText(p)}`);
  }
  const h = f.heldOut;
  if (h?.C === undefined || h.loss === undefined) return;
  g.append('circle')
    .attr('class', 'held-out')
    .attr('cx', fr.x(h.C))
    .attr('cy', fr.y(h.loss))
    .attr('r', radiusOf(h.N, ...Ns) + 3)
    .attr('fill', 'none')
    .attr('stroke', colour)
    .attr('stroke-width', 2)
    .append('title')
    .text(`${f.dataset} · held out: ${runName(h.where)}, observed loss ${sig(h.loss)}`);
}

/** Draws the chart into `svg` at its box's width. */
export function drawRunsChart(svg: SVGSVGElement, panel: ScalingPanel): void {
  const { width, height } = chartSize(svg);
  const d = domains(panel);
  const fr = frame(
    svg,
    width,
    height,
    { domain: d.x, log: true, label: 'Training compute C = 6·N·D (FLOPs)' },
    { domain: d.y, log: true, label: 'Final loss (nats per token)' },
  );
  const sizes = panel.fits
    .flatMap((f) => [...f.points.map((p) => p.N), f.heldOut?.N])
    .filter((n): n is number => n !== undefined);
  const Ns: [number, number] = [Math.min(...sizes), Math.max(...sizes)];
  panel.fits.forEach((f, i) => {
    for (const c of sizeCurves(f, ...d.x)) drawCurve(fr, c.points, colourOf(i), 'law-line');
    for (const t of panel.translated.filter((t) => t.to === f.dataset)) {
      for (const c of sizeCurves(f, ...d.x)) {
        const pts = c.points.map((p) => ({ x: p.x, y: computeLoss(t.law, c.N, p.x / (6 * c.N)) }));
        drawCurve(fr, pts, colourOf(i), 'law-line translated');
      }
    }
  });
  panel.fits.forEach((f, i) => drawRuns(fr, f, colourOf(i), Ns));
  panel.fits.forEach((f, i) => {
    if (f.heldOut !== undefined) drawPrediction(fr, f.heldOut, colourOf(i), 'diamond', `${f.dataset}, its own law`);
  });
  const l = panel.l2l;
  const yi = panel.fits.findIndex((f) => f.dataset === l?.yDataset);
  if (l?.fit.heldOut !== undefined && yi >= 0) {
    drawPrediction(fr, l.fit.heldOut, colourOf(yi), 'square', `${l.yDataset}, loss-to-loss from ${l.xDataset}`);
  }
}
