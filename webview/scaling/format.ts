/**
 * @file Pure helpers of the scaling panel (no DOM, unit-tested): the laws' values, curves to draw, padded log
 * domains, number formats, and the rows of the held-out table.
 */
import type { DatasetFit } from '../../src/shared/scaling';
import { sig } from '../shared/numbers';
import { computeLoss, powerLoss } from '../../src/shared/scalingLaws';
import type { ScalingPanel, Translated } from '../../src/shared/scalingPanel';

/** The laws' values, shared with the fits: L(N, D), L(C), N*(C) and the loss-to-loss law. */
export { computeLoss, l2lLoss, optimalN, powerLoss } from '../../src/shared/scalingLaws';

/** `count` values spread evenly in log space over [lo, hi]. */
export function logSpace(lo: number, hi: number, count: number): number[] {
  if (!(lo > 0 && hi > lo) || count < 2) return lo > 0 ? [lo] : [];
  const a = Math.log(lo);
  const b = Math.log(hi);
  return Array.from({ length: count }, (_, i) => Math.exp(a + ((b - a) * i) / (count - 1)));
}

/** [lo, hi] of the positive finite values, widened by `pad` (a factor) each side; [1, 10] when there are none. */
export function logDomain(values: readonly number[], pad = 1.3): [number, number] {
  const ok = values.filter((x) => Number.isFinite(x) && x > 0);
  if (ok.length === 0) return [1, 10];
  const lo = Math.min(...ok);
  const hi = Math.max(...ok);
  return lo === hi ? [lo / pad / 2, hi * pad * 2] : [lo / pad, hi * pad];
}

/** A point of a curve. */
export interface XY {
  readonly x: number;
  readonly y: number;
}

/** How far each size's line reaches beyond its runs' compute (a factor each side). */
export const CURVE_REACH = 2.5;

/**
 * One line per model size of a compute law: loss against C = 6ND as D grows, over the compute of that size's runs
 * widened by {@link CURVE_REACH} each side (within `lo`..`hi`); a power law is one line over `lo`..`hi`.
 */
export function sizeCurves(fit: DatasetFit, lo: number, hi: number): { N: number; points: XY[] }[] {
  const law = fit.law;
  if (law.kind === 'power') {
    return [{ N: Number.NaN, points: logSpace(lo, hi, 48).map((C) => ({ x: C, y: powerLoss(law.params, C) })) }];
  }
  const byN = new Map<number, number[]>();
  for (const p of [...fit.points, ...(fit.heldOut ? [fit.heldOut] : [])]) {
    if (p.N !== undefined && p.C !== undefined) byN.set(p.N, [...(byN.get(p.N) ?? []), p.C]);
  }
  return [...byN.entries()]
    .sort(([a], [b]) => a - b)
    .map(([N, Cs]) => {
      const from = Math.max(lo, Math.min(...Cs) / CURVE_REACH);
      const to = Math.min(hi, Math.max(...Cs) * CURVE_REACH);
      return { N, points: logSpace(from, to, 32).map((C) => ({ x: C, y: computeLoss(law.params, N, C / (6 * N)) })) };
    });
}

/** A signed percentage with one decimal: +1.3%. */
export function signedPercent(x: number): string {
  const s = (100 * x).toFixed(1);
  return `${x > 0 ? '+' : x < 0 ? '' : '±'}${s}%`;
}

/** "2.31 [2.25, 2.38]" (the interval only when there is one). */
export function withInterval(x: number, interval: readonly [number, number] | undefined, digits = 3): string {
  return interval === undefined
    ? sig(x, digits)
    : `${sig(x, digits)} [${sig(interval[0], digits)}, ${sig(interval[1], digits)}]`;
}

/** One row of the held-out table: a run predicted by one method. */
export interface HeldOutRow {
  readonly dataset: string;
  readonly method: string;
  readonly where: string;
  readonly predicted: number;
  readonly interval?: readonly [number, number];
  readonly observed?: number;
  readonly error?: number;
}

/** The held-out predictions: each dataset's own law, and the loss-to-loss law from the other dataset. */
export function heldOutRows(panel: ScalingPanel): HeldOutRow[] {
  const rows: HeldOutRow[] = [];
  for (const f of panel.fits) {
    const h = f.heldOut;
    if (h === undefined) continue;
    const method = `its own law, fitted on ${f.points.length} smaller runs`;
    rows.push({ dataset: f.dataset, method, where: h.run ?? h.where, predicted: h.predicted, ...optionalOf(h) });
  }
  const l = panel.l2l;
  const h = l?.fit.heldOut;
  if (l !== undefined && h !== undefined) {
    const method = `loss-to-loss from ${l.xDataset}, whose run of the same N and D lost ${sig(h.x ?? Number.NaN)}`;
    const own = panel.fits.find((f) => f.dataset === l.yDataset)?.heldOut;
    const where = own?.run !== undefined && own.C === h.C ? own.run : h.where;
    rows.push({ dataset: l.yDataset, method, where, predicted: h.predicted, ...optionalOf(h) });
  }
  return rows;
}

function optionalOf(h: {
  interval?: readonly [number, number] | undefined;
  loss?: number | undefined;
  relativeError?: number | undefined;
}) {
  return {
    ...(h.interval !== undefined ? { interval: h.interval } : {}),
    ...(h.loss !== undefined ? { observed: h.loss } : {}),
    ...(h.relativeError !== undefined ? { error: h.relativeError } : {}),
  };
}

/** The run's name from a `where` ("run code-d64-l3-D1M, step 976" or "row 12"). */
export function runName(where: string): string {
  const m = /^run (.+?)(?:, step \d+)?$/u.exec(where);
  return m?.[1] ?? where;
}

/** R² of a translated law on the target dataset's fitted runs (undefined without runs of known N and D). */
export function translatedR2(t: Translated, target: DatasetFit | undefined): number | undefined {
  const pts = (target?.points ?? []).filter((p) => p.N !== undefined && p.D !== undefined);
  if (pts.length < 2) return undefined;
  const mean = pts.reduce((s, p) => s + p.loss, 0) / pts.length;
  const total = pts.reduce((s, p) => s + (p.loss - mean) ** 2, 0);
  const miss = pts.reduce((s, p) => s + (p.loss - computeLoss(t.law, p.N ?? 1, p.D ?? 1)) ** 2, 0);
  return total > 0 ? 1 - miss / total : undefined;
}

/**
 * A plain-words note when a fitted E is under 5% of the dataset's least loss: the runs never flatten, so the fit
 * cannot tell the floor from 0 (and the loss-to-loss law's E's, taken from these fits, are near 0 too).
 */
export function floorNote(fits: readonly DatasetFit[]): string {
  const low = fits.filter((f) => {
    const least = Math.min(...f.points.map((p) => p.loss));
    return Number.isFinite(least) && f.law.params.E < 0.05 * least;
  });
  if (low.length === 0) return '';
  const names = low.map((f) => f.dataset).join(' and ');
  return (
    `E of ${names} is near 0: these runs are too small for their loss to flatten out, so the fit cannot tell ` +
    'the floor apart from 0. The other parameters and the predictions are still what the runs support.'
  );
}
