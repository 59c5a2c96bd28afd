/**
 * @file The copy panel's two charts: string accuracy against span length (a line per model, the fixed-state bound
 * dashed in the model's colour, the longest training length dotted), and bits per token of the first copy
 * (dashed) and the second (solid) against span length. Every point's tooltip gives its numbers.
 */
import { line } from 'd3-shape';
import type { CopyModelResult, CopyProbeResult } from '../../src/shared/copying';
import { chartSize, frame, type Frame } from '../shared/frame';

type Point = readonly [number, number];

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function xDomain(r: CopyProbeResult): [number, number] {
  const all = r.models.flatMap((m) => m.lengths.map((l) => l.length));
  const hi = Math.max(2, ...all);
  return [0, hi];
}

function path(fr: Frame, cls: string, pts: readonly Point[], title: string): void {
  const d = line<Point>()
    .x((p) => fr.x(p[0]))
    .y((p) => fr.y(p[1]))(pts);
  fr.g.append('path').attr('class', cls).attr('fill', 'none').attr('d', d).append('title').text(title);
}

function dots(fr: Frame, cls: string, pts: readonly Point[], title: (p: Point, i: number) => string): void {
  const g = fr.g.append('g').attr('class', cls);
  pts.forEach((p, i) => {
    g.append('circle').attr('cx', fr.x(p[0])).attr('cy', fr.y(p[1])).attr('r', 3.5).append('title').text(title(p, i));
  });
}

function trainMark(fr: Frame, m: CopyModelResult, i: number): void {
  const top = m.trainLengths?.[1];
  if (top === undefined || top > fr.x.domain()[1]!) return;
  fr.g
    .append('line')
    .attr('class', `train-mark curve-${i}`)
    .attr('x1', fr.x(top))
    .attr('x2', fr.x(top))
    .attr('y1', 0)
    .attr('y2', fr.height)
    .append('title')
    .text(`${m.model} was trained on strings of ${m.trainLengths?.[0]}–${top} symbols`);
}

/** String accuracy against length, a line per model with its bound. */
export function drawAccuracy(svg: SVGSVGElement, r: CopyProbeResult): void {
  const { width, height } = chartSize(svg, 0.5);
  const fr = frame(
    svg,
    width,
    height,
    { domain: xDomain(r), log: false, label: 'Span length (tokens)' },
    { domain: [0, 1], log: false, label: 'String accuracy' },
  );
  r.models.forEach((m, i) => {
    trainMark(fr, m, i);
    const pts = m.lengths.map((l): Point => [l.length, l.stringAccuracy]);
    path(fr, `curve-line curve-${i}`, pts, `${m.model}: string accuracy`);
    dots(fr, `curve-dots curve-${i}`, pts, (p, k) => {
      const l = m.lengths[k];
      const bound = l?.bound === undefined ? '' : `; the bound allows at most ${pct(l.bound)}`;
      return (
        `${m.model}, length ${p[0]}: ${pct(p[1])} of ${l?.tasks ?? 0} copies exact, ` +
        `${pct(l?.tokenAccuracy ?? 0)} of tokens right${bound}`
      );
    });
    const bound = m.lengths.flatMap((l): Point[] => (l.bound === undefined ? [] : [[l.length, l.bound]]));
    if (bound.length > 0) path(fr, `bound-line curve-${i}`, bound, `${m.model}: the fixed-state bound`);
  });
}

/** Bits per token of the first and second copy against length. */
export function drawSurprisal(svg: SVGSVGElement, r: CopyProbeResult): void {
  const { width, height } = chartSize(svg, 0.45);
  const top = Math.max(1, ...r.models.flatMap((m) => m.lengths.flatMap((l) => [l.firstBits, l.secondBits])));
  const fr = frame(
    svg,
    width,
    height,
    { domain: xDomain(r), log: false, label: 'Span length (tokens)' },
    { domain: [0, top], log: false, label: 'Bits per token' },
  );
  r.models.forEach((m, i) => {
    const first = m.lengths.map((l): Point => [l.length, l.firstBits]);
    const second = m.lengths.map((l): Point => [l.length, l.secondBits]);
    path(fr, `first-line curve-${i}`, first, `${m.model}: first copy`);
    path(fr, `curve-line curve-${i}`, second, `${m.model}: second copy`);
    const tip = (which: string) => (p: Point) => `${m.model}, length ${p[0]}: ${which} ${p[1].toFixed(2)} bits/token`;
    dots(fr, `first-dots curve-${i}`, first, tip('first copy'));
    dots(fr, `curve-dots curve-${i}`, second, tip('second copy'));
  });
}
