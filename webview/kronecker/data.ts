/**
 * @file The Kronecker panel's data, free of the DOM (unit-tested): the three stand-ins for H with their colours and
 * help, the reading line, the note on the norm of H, the convergence points and the spectra as drawn (log scale:
 * positive values).
 */
import { sig } from '../shared/numbers';
import { HELP } from './help';
import type { KronLayer, KronResult } from '../../src/shared/kronecker';

/** The stand-ins for H a layer is scored on. */
export type Approx = 'optimal' | 'shampooSquared' | 'shampoo';

/** One stand-in: its key, its name in the legend, its colour and its help line. */
export interface ApproxSpec {
  readonly key: Approx;
  readonly label: string;
  /** Its name in the table's header. */
  readonly short: string;
  readonly colour: string;
  readonly help: string;
}

/** The three stand-ins, in the order of the bars. */
export const APPROXES: readonly ApproxSpec[] = [
  { key: 'optimal', label: 'Optimal A \u2297 B', short: 'Optimal', colour: '#2da44e', help: HELP.optimal },
  {
    key: 'shampooSquared',
    label: 'Shampoo\u00b2 = L \u2297 R',
    short: 'Shampoo\u00b2',
    colour: '#3a86ff',
    help: HELP.shampooSquared,
  },
  {
    key: 'shampoo',
    label: 'Shampoo = L^\u00bd \u2297 R^\u00bd',
    short: 'Shampoo',
    colour: '#e8710a',
    help: HELP.shampoo,
  },
];

/** A layer's cosine to H of one stand-in. */
export function cosOf(layer: KronLayer, key: Approx): number {
  if (key === 'optimal') return layer.cosOptimal;
  return key === 'shampooSquared' ? layer.cosShampooSquared : layer.cosShampoo;
}

/** A cosine as shown: three decimals (four when it rounds to 1.000 but is not 1). */
export function fmtCos(c: number): string {
  if (!Number.isFinite(c)) return '\u2013';
  const three = c.toFixed(3);
  return three === '1.000' && c < 1 ? c.toFixed(4) : three;
}

/** A whole number with thousands separators (1,234). */
export function fmtCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
}

/** A layer's name with its shape: `fc1 (256 × 512)`. */
export function layerTitle(l: KronLayer): string {
  return `${l.name} (${fmtCount(l.m)} \u00d7 ${fmtCount(l.n)})`;
}

/** The tooltip of one bar: the stand-in, its cosine and how far it is from the optimal. */
export function barTitle(l: KronLayer, a: ApproxSpec): string {
  const c = cosOf(l, a.key);
  const gap = a.key === 'optimal' ? '' : `, ${fmtCos(l.cosOptimal - c)} below the optimal`;
  return `${layerTitle(l)}, ${fmtCount(l.count)} examples \u00b7 ${a.label}: cosine to H ${fmtCos(c)}${gap}. ${a.help}`;
}

/** The sentence above the charts: what the measurement says, for the selected layer or across all of them. */
export function reading(r: KronResult, selected = 0): string {
  const l = r.layers[selected] ?? r.layers[0];
  if (l === undefined) return '';
  const gap = l.cosOptimal - l.cosShampooSquared;
  const one =
    `${layerTitle(l)}: Shampoo\u00b2 (L \u2297 R) reaches cosine ${fmtCos(l.cosShampooSquared)}, ` +
    `${gap <= 0.0005 ? 'as good as' : `${fmtCos(gap)} below`} the optimal ${fmtCos(l.cosOptimal)}; ` +
    `Shampoo (L^\u00bd \u2297 R^\u00bd) ${fmtCos(l.cosShampoo)}.`;
  if (r.layers.length === 1) return one;
  const gaps = r.layers.map((x) => x.cosOptimal - x.cosShampooSquared);
  const worst = gaps.indexOf(Math.max(...gaps));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const behind = mean(r.layers.map((x) => x.cosShampooSquared - x.cosShampoo));
  return (
    `Across ${r.layers.length} layers Shampoo\u00b2 is on average ${fmtCos(mean(gaps))} below the optimal ` +
    `(most on ${r.layers[worst]?.name ?? '?'}: ${fmtCos(gaps[worst] ?? NaN)}) and Shampoo ${fmtCos(behind)} ` +
    `below Shampoo\u00b2.`
  );
}

/** The ‖H‖ note of a layer: exact, or estimated with its standard error and what that does to the cosines. */
export function hNormNote(l: KronLayer): string {
  const h = l.hNorm;
  if (h.exact) {
    const pairs = l.count === 1 ? 'one example' : `every pair of the ${fmtCount(l.count)} examples`;
    return `\u2016H\u2016 = ${sig(h.value, 4)}, exact: ${pairs}.`;
  }
  const se = h.stderr ?? NaN;
  const rel = Number.isFinite(se) && h.value > 0 ? (100 * se) / h.value : NaN;
  const relText = Number.isFinite(rel) ? ` (${sig(rel, 2)} %)` : '';
  return (
    `\u2016H\u2016 \u2248 ${sig(h.value, 4)} \u00b1 ${sig(se, 2)}${relText}, estimated from sampled pairs of the ` +
    `${fmtCount(l.count)} examples (too many to sum every pair): each cosine carries the same relative ` +
    `uncertainty.`
  );
}

/** A point of the convergence chart: the power step and the cosine after it. */
export interface StepPoint {
  readonly step: number;
  readonly cos: number;
}

/** The cosine after each power step, steps numbered from 1 (step 1 = L ⊗ R); non-finite values left out. */
export function convergencePoints(l: KronLayer): StepPoint[] {
  return l.powerSteps.map((cos, i) => ({ step: i + 1, cos })).filter((p) => Number.isFinite(p.cos));
}

/** The y range of the convergence chart: its values with a margin, within [0, 1], at least 0.004 tall. */
export function cosineDomain(values: readonly number[]): [number, number] {
  const ok = values.filter(Number.isFinite);
  if (ok.length === 0) return [0, 1];
  const lo = Math.min(...ok);
  const hi = Math.max(...ok);
  const pad = Math.max((hi - lo) * 0.12, 0.002);
  return [Math.max(0, lo - pad), Math.min(1, hi + pad)];
}

/** A spectrum as drawn: positive eigenvalues, largest first, ranked from 1; how many were zero (off a log axis). */
export function spectrumPoints(values: readonly number[]): { points: { rank: number; value: number }[]; zero: number } {
  const sorted = values.filter((x) => Number.isFinite(x)).sort((a, b) => b - a);
  const top = sorted[0] ?? 0;
  const floor = top * 1e-12;
  const points = sorted.filter((x) => x > 0 && x > floor).map((value, i) => ({ rank: i + 1, value }));
  return { points, zero: sorted.length - points.length };
}

/** The condition number of a spectrum (largest over smallest positive eigenvalue), NaN without two values. */
export function conditionOf(values: readonly number[]): number {
  const { points } = spectrumPoints(values);
  const first = points[0]?.value;
  const last = points[points.length - 1]?.value;
  return points.length < 2 || first === undefined || last === undefined ? NaN : first / last;
}

/** The line under the spectra: how many eigenvalues each side has, how stretched, how many zero or cut off. */
export function spectraNote(l: KronLayer): string {
  const side = (name: string, values: readonly number[], of: number): string => {
    const { points, zero } = spectrumPoints(values);
    const cond = conditionOf(values);
    const parts = [`${name}: ${fmtCount(points.length)} of ${fmtCount(of)} eigenvalues drawn`];
    if (Number.isFinite(cond)) parts.push(`largest / smallest ${sig(cond, 3)}`);
    if (zero > 0) parts.push(`${fmtCount(zero)} zero (off the log scale)`);
    if (values.length < of) parts.push(`the ${fmtCount(values.length)} largest kept`);
    return parts.join(', ');
  };
  return `${side('L', l.spectra.l, l.m)}. ${side('R', l.spectra.r, l.n)}.`;
}

/** The line under the convergence chart: step 1, where the iteration ended, and Shampoo for comparison. */
export function convergenceNote(l: KronLayer): string {
  const pts = convergencePoints(l);
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first === undefined || last === undefined) return '';
  const steps = last.step === 1 ? '1 step' : `${last.step} steps`;
  const ended = l.converged ? 'converged' : 'stopped at the step limit, not yet converged';
  return (
    `Step 1 (Shampoo\u00b2 = L \u2297 R): ${fmtCos(first.cos)}; after ${steps}: ${fmtCos(last.cos)} (${ended}). ` +
    `Shampoo (L^\u00bd \u2297 R^\u00bd), for comparison: ${fmtCos(l.cosShampoo)}.`
  );
}
