/**
 * @file The loss-to-loss chart: one point per pair of runs with the same N and D (x: the loss of the run
 * trained on the first dataset, y: on the second), the fitted curve L₁ = K·(L₀ − E₀)^κ + E₁ with its 95%
 * bootstrap band, and the held-out pair: observed (ring) and predicted from its x (square, with its interval).
 */
import { area, line } from 'd3-shape';
import type { Prediction } from '../../src/shared/scaling';
import type { PanelL2l, ScalingPanel } from '../../src/shared/scalingPanel';
import { chartSize, frame, type Frame } from '../shared/frame';
import { colourOf } from './scales';
import { l2lLoss, logSpace, signedPercent, type XY } from './format';
import { sig } from '../shared/numbers';

type Banded = Prediction & { x: number; interval: readonly [number, number] };

/** [lo, hi] of the values widened by 6% of their spread each side. */
export function padded(values: readonly number[]): [number, number] {
  const ok = values.filter(Number.isFinite);
  if (ok.length === 0) return [0, 1];
  const lo = Math.min(...ok);
  const hi = Math.max(...ok);
  const e = (hi - lo) * 0.06 || 0.1;
  return [lo - e, hi + e];
}

function domains(f: PanelL2l['fit'], band: readonly Banded[]): { x: [number, number]; y: [number, number] } {
  const h = f.heldOut;
  const xs = [...f.points.map((p) => p.x ?? NaN), ...band.map((p) => p.x), h?.x ?? NaN];
  const held = h ? [h.predicted, h.loss ?? h.predicted, ...(h.interval ?? [])] : [];
  const ys = [...f.points.map((p) => p.loss), ...band.flatMap((p) => p.interval), ...held];
  return { x: padded(xs), y: padded(ys) };
}

function drawCurve(fr: Frame, f: PanelL2l['fit'], band: readonly Banded[], colour: string): void {
  const ar = area<Banded>()
    .x((p) => fr.x(p.x))
    .y0((p) => fr.y(p.interval[0]))
    .y1((p) => fr.y(p.interval[1]));
  const b = fr.g.append('path').attr('class', 'band').attr('fill', colour).attr('fill-opacity', 0.18);
  b.attr('d', ar(band) ?? '')
    .append('title')
    .text('95% bootstrap band of the fitted curve');
  const [x0, x1] = fr.x.domain() as [number, number];
  const pts = logSpace(Math.max(x0, f.e0 + 1e-6), x1, 60).map((x) => ({ x, y: l2lLoss(f, x) }));
  const path = line<XY>()
    .x((p) => fr.x(p.x))
    .y((p) => fr.y(p.y));
  const d = path(pts.filter((p) => Number.isFinite(p.y))) ?? '';
  fr.g.append('path').attr('class', 'law-line').attr('fill', 'none').attr('stroke', colour).attr('d', d);
}

function drawHeldOut(fr: Frame, h: Prediction, colour: string): void {
  if (h.x === undefined) return;
  const x = fr.x(h.x);
  const g = fr.g.append('g').attr('class', 'prediction');
  if (h.interval) {
    const [lo, hi] = h.interval.map((v) => fr.y(v)) as [number, number];
    g.append('line').attr('x1', x).attr('x2', x).attr('y1', lo).attr('y2', hi).attr('stroke', colour);
  }
  const y = fr.y(h.predicted);
  g.append('rect')
    .attr('x', x - 4)
    .attr('y', y - 4)
    .attr('width', 8)
    .attr('height', 8)
    .attr('fill', colour);
  const err = h.relativeError !== undefined ? ` (error ${signedPercent(h.relativeError)})` : '';
  g.append('title').text(`held-out pair: predicted ${sig(h.predicted)}, observed ${sig(h.loss ?? NaN)}${err}`);
  if (h.loss === undefined) return;
  const ring = fr.g.append('circle').attr('class', 'held-out').attr('cx', x).attr('cy', fr.y(h.loss)).attr('r', 7);
  ring.attr('fill', 'none').attr('stroke', colour).attr('stroke-width', 2);
}

/** Draws the loss-to-loss chart of the panel (empty without one). */
export function drawL2l(svg: SVGSVGElement, panel: ScalingPanel): void {
  const l = panel.l2l;
  if (l === undefined) return void svg.replaceChildren();
  const f = l.fit;
  const colour = colourOf(panel.fits.findIndex((d) => d.dataset === l.yDataset));
  const band = f.band.filter((p): p is Banded => p.x !== undefined && p.interval !== undefined);
  const d = domains(f, band);
  const { width, height } = chartSize(svg, 0.5);
  const xLabel = `Loss on ${l.xDataset} of the run trained on ${l.xDataset} (nats)`;
  const yLabel = `Loss on ${l.yDataset}, trained on ${l.yDataset} (nats)`;
  const fr = frame(
    svg,
    width,
    height,
    { domain: d.x, log: false, label: xLabel },
    { domain: d.y, log: false, label: yLabel },
  );
  drawCurve(fr, f, band, colour);
  for (const p of f.points) {
    const dot = fr.g
      .append('circle')
      .attr('class', 'run')
      .attr('cx', fr.x(p.x ?? 0))
      .attr('cy', fr.y(p.loss));
    dot.attr('r', 4).attr('fill', colour).attr('stroke', 'currentColor').attr('stroke-width', 0.5);
    dot.append('title').text(`${p.where}: x ${sig(p.x ?? NaN)}, y ${sig(p.loss)} (curve ${sig(p.predicted)})`);
  }
  if (f.heldOut !== undefined) drawHeldOut(fr, f.heldOut, colour);
}
