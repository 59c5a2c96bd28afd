/** @file The smaller charts: residuals against compute, and the compute-optimal model size N*(C) of each law. */
import { line } from 'd3-shape';
import type { ScalingPanel } from '../../src/shared/scalingPanel';
import { chartSize, frame, type Frame } from '../shared/frame';
import { colourOf } from './scales';
import { logDomain, logSpace, optimalN, runName, type XY } from './format';
import { sig } from '../shared/numbers';

/** Residuals (observed − law) of every fitted run, and of each held-out run, against compute. */
export function drawResiduals(svg: SVGSVGElement, panel: ScalingPanel): void {
  const { width, height } = chartSize(svg, 0.38);
  const pts = panel.fits
    .flatMap((f, i) => [
      ...f.points.map((p) => ({
        C: p.C ?? NaN,
        r: p.residual,
        i,
        held: false,
        what: `${f.dataset} · ${runName(p.where)}`,
      })),
      ...(f.heldOut?.loss !== undefined
        ? [
            {
              C: f.heldOut.C ?? NaN,
              r: f.heldOut.loss - f.heldOut.predicted,
              i,
              held: true,
              what: `${f.dataset} · held out ${runName(f.heldOut.where)}`,
            },
          ]
        : []),
    ])
    .filter((p) => Number.isFinite(p.C));
  const m = Math.max(1e-3, ...pts.map((p) => Math.abs(p.r))) * 1.15;
  const fr = frame(
    svg,
    width,
    height,
    {
      domain: logDomain(
        pts.map((p) => p.C),
        1.5,
      ),
      log: true,
      label: 'Training compute C (FLOPs)',
    },
    { domain: [-m, m], log: false, label: 'Observed − law (nats)' },
  );
  fr.g.append('line').attr('class', 'zero').attr('x1', 0).attr('x2', fr.width).attr('y1', fr.y(0)).attr('y2', fr.y(0));
  for (const p of pts) {
    fr.g
      .append('circle')
      .attr('class', p.held ? 'held-out' : 'run')
      .attr('cx', fr.x(p.C))
      .attr('cy', fr.y(p.r))
      .attr('r', p.held ? 6 : 4)
      .attr('fill', p.held ? 'none' : colourOf(p.i))
      .attr('stroke', p.held ? colourOf(p.i) : 'currentColor')
      .attr('stroke-width', p.held ? 2 : 0.5)
      .append('title')
      .text(`${p.what}: residual ${p.r >= 0 ? '+' : ''}${sig(p.r)}`);
  }
}

/** N*(C) of each compute law over the runs' compute up to 20× beyond, with each run's (C, N). */
export function drawOptimal(svg: SVGSVGElement, panel: ScalingPanel): void {
  const laws = panel.fits.map((f, i) => ({ f, i })).filter(({ f }) => f.law.kind === 'compute');
  if (laws.length === 0) return void svg.replaceChildren();
  const Cs = panel.fits
    .flatMap((f) => [...f.points.map((p) => p.C ?? NaN), f.heldOut?.C ?? NaN])
    .filter(Number.isFinite);
  const cx: [number, number] = [Math.min(...Cs) / 1.5, Math.max(...Cs) * 20];
  const curves = laws.map(({ f, i }) => ({
    f,
    i,
    pts: logSpace(...cx, 40).map((C) => ({ x: C, y: f.law.kind === 'compute' ? optimalN(f.law.optimal, C) : NaN })),
  }));
  const Ns = [
    ...curves.flatMap((c) => c.pts.map((p) => p.y)),
    ...panel.fits.flatMap((f) => f.points.map((p) => p.N ?? NaN)),
  ];
  const { width, height } = chartSize(svg, 0.42);
  const fr = frame(
    svg,
    width,
    height,
    { domain: cx, log: true, label: 'Training compute C (FLOPs)' },
    { domain: logDomain(Ns, 1.5), log: true, label: 'Model size N (parameters)' },
  );
  for (const c of curves) {
    fr.g
      .append('path')
      .attr('class', 'law-line')
      .attr('fill', 'none')
      .attr('stroke', colourOf(c.i))
      .attr(
        'd',
        line<XY>()
          .x((p) => fr.x(p.x))
          .y((p) => fr.y(p.y))(c.pts.filter((p) => Number.isFinite(p.y) && p.y > 0)) ?? '',
      )
      .append('title')
      .text(`${c.f.dataset}: N*(C) = (G·C/6)^a with a = ${sig(c.f.law.kind === 'compute' ? c.f.law.optimal.a : NaN)}`);
  }
  drawSizes(fr, panel);
}

/** Each (C, N) the runs were trained at, once (datasets trained at the same sizes share a dot), in grey. */
function drawSizes(fr: Frame, panel: ScalingPanel): void {
  const seen = new Map<string, string[]>();
  for (const f of panel.fits) {
    for (const p of f.points) {
      if (p.C === undefined || p.N === undefined) continue;
      const key = `${p.C}|${p.N}`;
      seen.set(key, [...(seen.get(key) ?? []), p.run ?? runName(p.where)]);
    }
  }
  for (const [key, runs] of seen) {
    const [C, N] = key.split('|').map(Number) as [number, number];
    const dot = fr.g.append('circle').attr('class', 'run faint').attr('cx', fr.x(C)).attr('cy', fr.y(N)).attr('r', 3);
    dot.attr('fill', 'currentColor').attr('fill-opacity', 0.4);
    dot.append('title').text(`${runs.join(', ')}: N ${sig(N)}, C ${sig(C)}`);
  }
}
