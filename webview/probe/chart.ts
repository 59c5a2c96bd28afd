/**
 * @file The probe's two charts from a result: exact match against problem length (one line per
 * model, dashed lines at each training length and at twice it; while the probe runs the x axis
 * already reaches the longest length to come), and exact match against longest carry chain over every
 * length probed or only those past each model's training, with each point's 95 % interval as a whisker
 * (long chains hold few problems).
 */
import {
  chainsOver,
  type ChainLengths,
  type LengthProbeCurve,
  type LengthProbeResult,
} from '../../src/shared/lengthProbe';
import { drawCurveChart, type CurveSeries, type Marker } from './curveChart';
import { lengthAxisTitle, PROBE_METHOD_WORDS } from './words';

/** A curve's legend: its method's name and its model, and the method's description. */
function named(c: LengthProbeCurve): Pick<CurveSeries, 'method' | 'model' | 'label' | 'shortLabel' | 'title'> {
  const words = PROBE_METHOD_WORDS[c.method];
  const label = `${words.name} \u00b7 ${c.model}`;
  return { method: c.method, model: c.model, label, shortLabel: words.name, title: words.line };
}

/** Dashed lines at each model's training length and at twice it; lines that coincide share one label. */
export function trainingMarkers(curves: readonly LengthProbeCurve[]): Marker[] {
  const trained = [...new Set(curves.map((c) => c.trainMaxLength))].sort((a, b) => a - b);
  const at = new Map<number, string[]>();
  const add = (x: number, label: string): void => void at.set(x, [...(at.get(x) ?? []), label]);
  for (const t of trained) add(t, `trained up to ${t}`);
  for (const t of trained) add(2 * t, trained.length > 1 ? `2\u00d7${t}` : '2\u00d7');
  return [...at.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([x, labels]) => ({
      x,
      label: labels.join(' \u00b7 '),
      title: labels
        .map((l) => (l.startsWith('2') ? 'twice a training length' : 'the longest problems in training'))
        .join('; '),
    }));
}

/** Draws exact match against length into `svg`. */
export function drawProbe(svg: SVGSVGElement, r: LengthProbeResult, width: number): void {
  const series = r.curves.map((c) => ({
    ...named(c),
    points: r.lengths.map((n, i) => {
      const a = c.accuracy[i] ?? null;
      return { x: n, correct: a === null ? null : Math.round(a * r.samples), problems: r.samples };
    }),
  }));
  const spec = {
    series,
    xMin: 1,
    xMax: Math.max(2, r.upTo ?? 0, ...r.lengths),
    xLabel: lengthAxisTitle(r.task, width),
    xWords: (n: number) => `length ${n}`,
    markers: trainingMarkers(r.curves),
    whiskers: false,
  };
  drawCurveChart(svg, spec, width);
}

/** Whether the result has a carry-chain breakdown to draw. */
export const hasChains = (r: LengthProbeResult): boolean => r.curves.some((c) => (c.byChain ?? []).length > 0);

/** Draws exact match against longest carry chain (over the lengths `which` counts) into `svg`. */
export function drawChains(svg: SVGSVGElement, r: LengthProbeResult, width: number, which: ChainLengths): void {
  const counts = r.curves.map((c) => chainsOver(r, c, which));
  const top = Math.max(1, ...counts.flatMap((cs) => cs.map((k) => k.chain)));
  const series = r.curves.map((c, i) => ({
    ...named(c),
    points: Array.from({ length: top + 1 }, (_, chain) => {
      const k = counts[i]?.find((x) => x.chain === chain);
      return { x: chain, correct: k === undefined ? null : k.correct, problems: k?.problems ?? 0 };
    }),
  }));
  const spec = {
    series,
    xMin: 0,
    xMax: top,
    xLabel: width < 340 ? 'longest carry chain' : 'longest carry chain (columns in a row that carry)',
    xWords: (k: number) => `longest carry chain ${k}${which === 'past' ? ', lengths past training' : ''}`,
    markers: [],
    whiskers: true,
  };
  drawCurveChart(svg, spec, width);
}
