/**
 * @file The main chart: each run's final loss against its compute on log–log axes (one colour per dataset, dot
 * size by model size N), the fitted law as one line per model size, translated laws dashed, and each held-out run
 * ringed with its predictions (own law: diamond; loss-to-loss: square) and their 95% intervals as whiskers.
 */
import { area, line } from 'd3-shape';
import type { DatasetFit, Prediction } from '../../src/shared/scaling';
import type { ScalingPanel } from '../../src/shared/scalingPanel';
import { chartSize, frame, type Frame } from '../shared/frame';
import { drawPredictions } from './predictions';
import { colourOf, radiusOf } from './scales';
import { computeLoss, logDomain, runName, sizeCurves, type XY } from './format';
import { sig } from '../shared/numbers';

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
    for (const b of f.band) {
      if (b.C !== undefined) Cs.push(b.C);
      Ls.push(b.predicted);
    }
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

type BandPoint = Prediction & { C: number; interval: readonly [number, number] };

/** The law at its compute-optimal size (the least loss each compute can buy) with its 95% band, as a thick line. */
function drawBand(fr: Frame, f: DatasetFit, colour: string): void {
  const band = f.band.filter((b): b is BandPoint => b.C !== undefined && b.interval !== undefined);
  if (band.length < 2) return;
  const ar = area<BandPoint>()
    .x((p) => fr.x(p.C))
    .y0((p) => fr.y(p.interval[0]))
    .y1((p) => fr.y(p.interval[1]));
  const shade = fr.g.append('path').attr('class', 'band').attr('fill', colour).attr('fill-opacity', 0.15);
  shade
    .attr('d', ar(band) ?? '')
    .append('title')
    .text(`${f.dataset}: the 95% bootstrap band of the law`);
  drawCurve(
    fr,
    band.map((b) => ({ x: b.C, y: b.predicted })),
    colour,
    'law-frontier',
  );
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
  panel.fits.forEach((f, i) => drawBand(fr, f, colourOf(i)));
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
  drawPredictions(fr, panel);
  drawKey(fr, panel);
}

/** The datasets' colours inside the chart (bottom left, where losses of small compute never reach), for exports. */
function drawKey(fr: Frame, panel: ScalingPanel): void {
  const key = fr.g.append('g').attr('class', 'svg-key');
  panel.fits.forEach((f, i) => {
    const y = fr.height - 10 - 16 * (panel.fits.length - 1 - i);
    key.append('circle').attr('cx', 10).attr('cy', y).attr('r', 5).attr('fill', colourOf(i));
    key.append('text').attr('x', 20).attr('y', y).attr('dy', '0.32em').text(`${f.dataset} (${f.loss})`);
  });
}
