/**
 * @file What the parity panel draws, worked out from its result without the DOM (unit-tested): the heatmap's
 * rows, columns and cells per init (cells not yet finished included, from the grid's params), the reading line,
 * the luck series and the run whose curves show grokking best.
 */
import type { ParityCell, ParityCurve, ParityInit, LuckPoint } from '../../src/shared/parity';
import type { ParityPanel } from '../../src/shared/parityPanel';

/** A number with thousands separators. */
export const fmt = (x: number): string => x.toLocaleString('en-US');

/** A training set size in words: 0 is online (fresh examples every step). */
export const samplesLabel = (m: number): string => (m === 0 ? 'online' : fmt(m));

/** An init in words. */
export const initLabel = (init: ParityInit, s: number): string => (init === 'dense' ? 'dense' : `sparse (s = ${s})`);

/** `s` with its first letter in capitals (for a label that starts a sentence). */
export const capital = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** Sample sizes in order: ascending, online (0) last (the most data). */
export function sampleOrder(samples: readonly number[]): number[] {
  return [...new Set(samples)].sort((a, b) => (a === 0 ? 1 : b === 0 ? -1 : a - b));
}

/** One heatmap: an init's rows (widths, widest first), columns (sample sizes) and cells (undefined: not done). */
export interface HeatGrid {
  readonly init: ParityInit;
  readonly widths: readonly number[];
  readonly samples: readonly number[];
  /** cells[row][column]. */
  readonly cells: readonly (readonly (ParityCell | undefined)[])[];
}

/** The heatmaps of a panel, one per init of its params, every cell of the grid in place. */
export function heatGrids(p: ParityPanel): HeatGrid[] {
  const widths = [...new Set(p.params.widths)].sort((a, b) => b - a);
  const samples = sampleOrder(p.params.samples);
  const key = (w: number, m: number, init: string): string => `${w}|${m}|${init}`;
  const byKey = new Map(p.result.cells.map((c) => [key(c.width, c.samples, c.init), c]));
  return p.params.inits.map((init) => ({
    init,
    widths,
    samples,
    cells: widths.map((w) => samples.map((m) => byKey.get(key(w, m, init)))),
  }));
}

/** The share of runs of a cell that succeeded. */
export const rate = (c: ParityCell): number => (c.runs === 0 ? 0 : c.successes / c.runs);

/** A cell's tooltip: where it is, how many learned, how fast, how well on average. */
export function cellTitle(c: ParityCell, sparsity: number): string {
  const m = c.samples === 0 ? 'online' : `${fmt(c.samples)} training samples`;
  const where = `Width ${fmt(c.width)}, ${m}, ${initLabel(c.init, sparsity)} init`;
  const steps = c.medianSteps === null ? 'none learned' : `median ${fmt(c.medianSteps)} steps to learn`;
  const test = `mean final test accuracy ${(100 * c.meanTest).toFixed(1)}%`;
  return `${where}: ${c.successes} of ${c.runs} runs learned the rule; ${steps}; ${test}.`;
}

/** The smallest width at which half or more of the runs learned, at the grid's largest sample size. */
export function frontierWidth(g: HeatGrid): number | undefined {
  const col = g.samples.length - 1;
  let best: number | undefined;
  g.widths.forEach((w, row) => {
    const c = g.cells[row]?.[col];
    if (c !== undefined && c.runs > 0 && rate(c) >= 0.5) best = best === undefined ? w : Math.min(best, w);
  });
  return best;
}

/** The line above the figures: progress while it runs; where the frontier lies once done. */
export function reading(p: ParityPanel): string {
  const r = p.result;
  const progress = `${r.cells.length} of ${r.totalCells} cells done in ${Math.round(r.seconds)} s`;
  if (p.state === 'running') return `Training: ${progress}.`;
  const head =
    p.state === 'stopped' ? `Stopped: ${progress}.` : `Done: ${r.totalCells} cells in ${Math.round(r.seconds)} s.`;
  if (r.cells.length === 0) return head;
  const parts = heatGrids(p).map((g) => {
    const m = samplesLabel(g.samples[g.samples.length - 1] ?? 0);
    const w = frontierWidth(g);
    const name = `${capital(initLabel(g.init, r.sparsity))} init`;
    return w === undefined
      ? `${name}: no width learned with ${m} samples`
      : `${name}: half or more of the runs learn from width ${fmt(w)} up (${m})`;
  });
  const bits = r.support.length === 0 ? '' : ` The relevant bits are ${r.support.map((i) => `x${i + 1}`).join(', ')}.`;
  return `${head}${bits} ${parts.join('; ')}.`;
}

/** Luck points of one init, by width. */
export interface LuckSeries {
  readonly init: ParityInit;
  readonly points: readonly LuckPoint[];
}

/** The luck curve's series, one per init present, points sorted by width. */
export function luckSeries(points: readonly LuckPoint[]): LuckSeries[] {
  const inits = [...new Set(points.map((p) => p.init))];
  return inits.map((init) => ({
    init,
    points: points.filter((p) => p.init === init).sort((a, b) => a.width - b.width),
  }));
}

/** The first step at which `series` reaches `level`, or undefined. */
function firstStep(c: ParityCurve, series: readonly number[], level: number): number | undefined {
  const i = series.findIndex((x) => x >= level);
  return i < 0 ? undefined : c.step[i];
}

/** Steps between the train accuracy reaching 99% and the test accuracy reaching it (grokking), or 0. */
export function grokDelay(c: ParityCurve): number {
  const train = firstStep(c, c.train, 0.99);
  const test = firstStep(c, c.test, 0.99);
  return train === undefined || test === undefined ? 0 : Math.max(0, test - train);
}

/** The curve shown first: the one with the longest grokking delay, else the first that learned, else the first. */
export function preferredCurve(curves: readonly ParityCurve[]): number {
  let best = -1;
  let delay = 0;
  curves.forEach((c, i) => {
    const d = grokDelay(c);
    if (d > delay) [best, delay] = [i, d];
  });
  if (best >= 0) return best;
  const learned = curves.findIndex((c) => c.test.some((x) => x >= 0.99));
  return Math.max(0, learned);
}

/** A curve's name in the picker. */
export function curveLabel(c: ParityCurve, sparsity: number): string {
  const m = c.samples === 0 ? 'online' : `${fmt(c.samples)} samples`;
  return `width ${fmt(c.width)}, ${m}, ${initLabel(c.init, sparsity)}, seed ${c.seed}`;
}
