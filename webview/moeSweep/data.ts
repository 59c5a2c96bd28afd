/**
 * @file What the view says about the sweep's numbers: each model's label and tooltip, the marks' colours, and the
 * one-line reading. Plain functions of the result, no DOM.
 */
import type { Measured, MoeSweepResult, SweepModel } from '../../src/shared/moeSweep';
import { sig } from '../shared/numbers';

/** Colours of the marks: MoE models, the dense models, and the live re-measure. */
export const COLOURS = { moe: '#0969da', dense1: '#9a6700', dense2: '#cf222e', live: '#1b8048' } as const;

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** A parameter count in few characters: 68k, 1.2M. */
export function paramsText(n: number): string {
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(2))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toPrecision(3))}k`;
  return String(n);
}

/** The interval of a live measure in words. */
export const intervalText = (l: Measured): string =>
  `${pct(l.accuracy)} (95 % interval ${pct(l.low)} to ${pct(l.high)}, ${l.correct} of ${l.items} items)`;

/** Whether a dense model is drawn as the 1× mark (the narrowest) or the wider one. */
export const isNarrowDense = (m: SweepModel): boolean => m.kind === 'dense' && (m.width ?? 1) <= 1;

/** The tooltip of a model's point: what it is, its sizes and its accuracy (and the live one). */
export function pointTitle(m: SweepModel): string {
  const what = m.kind === 'moe' ? `E = ${m.experts} experts, top-${m.topK}` : `dense, ${m.width ?? 1}× width`;
  const sizes = `${sig(m.totalParams, 3)} total, ${sig(m.activeParams, 3)} active parameters`;
  const shape = `${m.layers} layers, d_model ${m.dModel}, expert width ${m.dExpert}`;
  const build = `built: ${pct(m.accuracy)} of ${m.evalItems} eval items`;
  const live = m.live === undefined ? '' : `; live: ${intervalText(m.live)}`;
  return `${m.name}: ${what}; ${sizes} (${shape}); ${build}${live}`;
}

/** The one line saying what the charts show, with the numbers of the checks when the zoo has the models. */
export function reading(r: MoeSweepResult): string {
  const h = r.live?.headline ?? r.headline;
  const from = h.from === 'live' ? ' (live sample)' : '';
  const rise = h.phonebookRise.points;
  const range = h.pathRange.points;
  const gap = h.denseGap.points;
  const parts = ['Memorization follows total parameters; reasoning follows width.'];
  if (rise !== null) parts.push(`Phone book: ${rise >= 0 ? '+' : ''}${rise.toFixed(1)} points from E = 2 to 16.`);
  if (range !== null && gap !== null)
    parts.push(`Paths: ${range.toFixed(1)} points across E against ${gap.toFixed(1)} from dense 1× to 2×${from}.`);
  return parts.join(' ');
}
