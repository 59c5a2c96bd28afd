/**
 * @file The serving panel's line charts: mean latency against load (theory lines, simulated dots), the latency
 * and TTFT CDFs, and paused KV memory over time. Every mark has a tooltip with its numbers.
 */
import { line } from 'd3-shape';
import type { ServingSimulateResult } from '../../src/shared/serving';
import { chartSize, frame, type Frame } from '../shared/frame';
import { cdfSeries, fmt, kvUnit, loadSeries, memorySeries, type Series } from './data';

const unitOf = (r: ServingSimulateResult): string => (r.timeUnit === 's' ? 's' : 'mean service times');
const shortUnit = (r: ServingSimulateResult): string => (r.timeUnit === 's' ? 's' : 'service times');

function path(fr: Frame, pts: readonly { x: number; y: number }[]): string {
  const ok = pts.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  return (
    line<{ x: number; y: number }>()
      .x((p) => fr.x(p.x))
      .y((p) => fr.y(p.y))(ok) ?? ''
  );
}

function extent(values: readonly number[], fallback: [number, number]): [number, number] {
  const ok = values.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return fallback;
  const lo = Math.min(...ok);
  const hi = Math.max(...ok);
  return hi > lo ? [lo, hi] : [lo * 0.9, lo * 1.1 + 1e-9];
}

function addLine<P>(fr: Frame, s: Series<P>, pts: { x: number; y: number }[], cls: string, title: string): void {
  fr.g
    .append('path')
    .attr('class', cls)
    .attr('data-key', s.key)
    .attr('fill', 'none')
    .attr('stroke', s.colour)
    .attr('d', path(fr, pts))
    .append('title')
    .text(title);
}

/** Mean latency against load: the closed form as a line, the simulation as dots (a line through them without it). */
export function drawLoad(svg: SVGSVGElement, r: ServingSimulateResult): void {
  const all = loadSeries(r);
  if (all.length === 0) return void svg.replaceChildren();
  const { width, height } = chartSize(svg, 0.5);
  const ys = all.flatMap((s) => s.points.flatMap((p) => [p.simulated, p.theory ?? NaN]));
  const xs = all.flatMap((s) => s.points.map((p) => p.load));
  const [lo, hi] = extent(ys, [0.1, 10]);
  const xLabel =
    r.loadAxis === 'rho' ? 'Load ρ (share of time the server is busy)' : 'Request rate (\u00d7 the trace\u2019s)';
  const fr = frame(
    svg,
    width,
    height,
    { domain: [Math.min(...xs) * 0.95, Math.max(...xs) * 1.02], log: false, label: xLabel },
    { domain: [Math.max(lo * 0.8, 1e-6), hi * 1.25], log: true, label: `Mean latency (${unitOf(r)})` },
  );
  for (const s of all) {
    const theory = s.points.filter((p) => p.theory !== undefined).map((p) => ({ x: p.load, y: p.theory ?? NaN }));
    if (theory.length > 1) addLine(fr, s, theory, 'theory-line', `${s.label}: closed-form M/G/1 mean latency`);
    else
      addLine(
        fr,
        s,
        s.points.map((p) => ({ x: p.load, y: p.simulated })),
        'sim-line',
        `${s.label}: simulated`,
      );
    for (const p of s.points) {
      const theoryText =
        p.theory !== undefined ? `; theory ${fmt(p.theory)} (${fmt((p.simulated / p.theory - 1) * 100, 2)}% off)` : '';
      fr.g
        .append('circle')
        .attr('class', 'sim-point')
        .attr('data-key', s.key)
        .attr('cx', fr.x(p.load))
        .attr('cy', fr.y(p.simulated))
        .attr('r', 4)
        .attr('fill', s.colour)
        .append('title')
        .text(
          `${s.label} at load ${fmt(p.load)}: simulated mean latency ${fmt(p.simulated)} ${unitOf(r)}${theoryText}`,
        );
    }
  }
}

/** The CDF of latency or TTFT per run: the share of requests done within each time (log time axis). */
export function drawCdf(svg: SVGSVGElement, r: ServingSimulateResult, which: 'latency' | 'ttft'): void {
  const all = cdfSeries(r, which);
  const values = all.flatMap((s) => s.points.map((p) => p.value));
  if (values.length === 0) return void svg.replaceChildren();
  const { width, height } = chartSize(svg, 0.45);
  const [lo, hi] = extent(values, [0.01, 1]);
  const what = which === 'latency' ? 'Latency' : 'Time to first token';
  const fr = frame(
    svg,
    width,
    height,
    { domain: [lo, hi * 1.05], log: true, label: `${what} (${shortUnit(r)}, log scale)` },
    { domain: [0, 1], log: false, label: 'Share of requests done' },
  );
  for (const s of all) {
    const p50 = s.points.find((p) => p.p >= 0.5)?.value ?? NaN;
    const p99 = s.points.find((p) => p.p >= 0.99)?.value ?? NaN;
    const title = `${s.label}: half the requests within ${fmt(p50)}, 99% within ${fmt(p99)} ${unitOf(r)}`;
    addLine(
      fr,
      s,
      s.points.map((p) => ({ x: p.value, y: p.p })),
      'cdf-line',
      title,
    );
  }
}

/** KV cache held by paused requests over time, per run. */
export function drawMemory(svg: SVGSVGElement, r: ServingSimulateResult): void {
  const all = memorySeries(r);
  if (all.length === 0) return void svg.replaceChildren();
  const { width, height } = chartSize(svg, 0.4);
  const ts = all.flatMap((s) => s.points.map((p) => p.t));
  const peak = Math.max(1, ...all.flatMap((s) => s.points.map((p) => p.paused)));
  const fr = frame(
    svg,
    width,
    height,
    { domain: extent(ts, [0, 1]), log: false, label: `Time (${unitOf(r)})` },
    {
      domain: [0, peak * 1.1],
      log: false,
      label: `Paused (${kvUnit(r) === 'KV tokens' ? 'KV tokens' : 'mean lengths'})`,
    },
  );
  for (const s of all) {
    const run = r.runs.find((x) => `${x.summary.policy}@${x.summary.c ?? ''}` === s.key)?.summary;
    const title =
      `${s.label}: paused requests held ${fmt(run?.meanPausedKv ?? NaN)} ${kvUnit(r)} on average, ` +
      `${fmt(run?.peakPausedKv ?? NaN)} at the peak`;
    addLine(
      fr,
      s,
      s.points.map((p) => ({ x: p.t, y: p.paused })),
      'memory-line',
      title,
    );
  }
}
