/**
 * @file What the remaining-length panel draws, computed from a prediction's result with no DOM (unit-tested):
 * the heat strip's cells, the estimate lines, each estimate's mean absolute error and the one line that says what
 * the panel shows.
 */
import type { RemainingPredictResult } from '../../src/shared/remaining';
import { fmt } from '../serving/data';

/** One cell of the heat strip: after token `step`, probability `p` that the remaining length is in bin `bin`. */
export interface HeatCell {
  readonly step: number;
  readonly bin: number;
  readonly p: number;
}

/** Every step's distribution as cells (bins with p = 0 left out). */
export function heatCells(r: RemainingPredictResult): HeatCell[] {
  return r.steps.flatMap((s, step) => s.probs.map((p, bin) => ({ step, bin, p })).filter((c) => c.p > 0));
}

/** The estimates the panel draws as lines over the steps. */
export const ESTIMATES = ['refined', 'probeOnly', 'promptOnly', 'truth'] as const;
/** An estimate drawn as a line. */
export type Estimate = (typeof ESTIMATES)[number];

/** Legend label and plain-words help of each line. */
export const ESTIMATE_HELP: Readonly<Record<Estimate, { label: string; help: string }>> = {
  refined: {
    label: 'Refined (TRAIL)',
    help:
      'Refined: the probe\u2019s distributions combined token after token by a Bayesian update (yesterday\u2019s ' +
      'belief, shifted one token shorter, times today\u2019s probe), then averaged over the bins.',
  },
  probeOnly: {
    label: 'Probe alone',
    help: 'Probe alone: this token\u2019s distribution averaged over the bins, with no memory of earlier tokens.',
  },
  promptOnly: {
    label: 'Prompt only',
    help:
      'Prompt only: one guess of the whole length made from the prompt before any token was written, counted ' +
      'down by one per token (TRAIL\u2019s BERT baseline).',
  },
  truth: { label: 'Truth', help: 'Truth: how many tokens the model actually wrote after this one.' },
};

/** The line of one estimate: (step, remaining tokens), steps without the value left out. */
export function estimateLine(r: RemainingPredictResult, which: Estimate): { x: number; y: number }[] {
  return r.steps.flatMap((s, x) => {
    const y = s[which];
    return y === undefined ? [] : [{ x, y }];
  });
}

/** Mean absolute error (tokens) of an estimate over the steps whose truth is known; undefined when none is. */
export function maeOf(r: RemainingPredictResult, which: Exclude<Estimate, 'truth'>): number | undefined {
  const known = r.steps.filter((s) => s.truth !== undefined);
  if (known.length === 0) return undefined;
  return known.reduce((sum, s) => sum + Math.abs(s[which] - (s.truth ?? 0)), 0) / known.length;
}

/** The text of the answer so far (tokens joined). */
export const answerText = (r: RemainingPredictResult): string => r.steps.map((s) => s.text).join('');

/** The one line that says what the panel shows, in plain words. */
export function reading(r: RemainingPredictResult): string {
  const n = r.steps.length;
  const last = r.steps[n - 1];
  if (last === undefined)
    return `The model is reading the prompt; the prompt alone predicts ${fmt(r.promptOnlyTotal)} tokens.`;
  if (!r.done) {
    return (
      `After ${n} token(s) the model expects about ${fmt(last.refined)} more (refined); ` +
      `the prompt alone predicted ${fmt(r.promptOnlyTotal)} in all.`
    );
  }
  const refined = maeOf(r, 'refined');
  const prompt = maeOf(r, 'promptOnly');
  if (!r.finished || refined === undefined || prompt === undefined) {
    return `The model wrote ${n} tokens without finishing (the limit); the truth is unknown.`;
  }
  const times =
    refined > 0 && prompt >= refined
      ? `, ${fmt(prompt / refined, 2)}× better`
      : prompt > 0 && refined > prompt
        ? `, ${fmt(refined / prompt, 2)}× worse`
        : '';
  return (
    `The answer took ${n} tokens (the prompt alone predicted ${fmt(r.promptOnlyTotal)}). Refined estimates ` +
    `were off by ${fmt(refined)} tokens on average, prompt-only ones by ${fmt(prompt)}${times}.`
  );
}

/**
 * The top of the strip's y axis (tokens): 1.4 times the largest estimate or truth drawn, so short answers are not
 * squeezed under bins that reach far beyond them; never above the last bin edge, never below the first bin's top.
 */
export function stripTop(r: RemainingPredictResult): number {
  const last = r.bins.edges[r.bins.edges.length - 1] ?? 1;
  const first = r.bins.edges[1] ?? last;
  const drawn = r.steps.flatMap((s) => [s.refined, s.probeOnly, s.promptOnly, s.truth ?? 0]);
  const most = Math.max(r.promptOnlyTotal, ...drawn);
  return Math.min(last, Math.max(first, most * 1.4));
}
