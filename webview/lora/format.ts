/**
 * @file Number formats, the plain-text notes and the bar chart's layout of the composition view (no DOM
 * use, so unit tests read them).
 */
import type { LoraComposeResult, LoraComposeRow } from '../../src/shared/lora';
import { KIND_HELP, METHOD_HELP } from '../../src/shared/loraHelp';

/** A share as a percentage, e.g. 0.4167 → "41.7%". */
export function percent(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)}%`;
}

/** A number rounded for a table cell; "–" for null. */
export function cell(x: number | null, digits = 3): string {
  return x === null ? '–' : x.toFixed(digits);
}

/**
 * A data file's name as a note shows it: a file embedded in the extension by its path under the models
 * folder (never the extension's own install path); anything else as given (the host sends paths relative
 * to the workspace).
 */
export function shownSource(source: string): string {
  const embedded = /[\\/]media[\\/]models[\\/](.+)$/u.exec(source);
  return embedded === null ? source : `embedded ${(embedded[1] ?? '').replace(/\\/gu, '/')}`;
}

/** What the CAT section says about how its weights were learned. */
export function catNote(r: LoraComposeResult): string {
  if (r.cat === undefined) return 'CAT was not run: it needs a dev split to learn its weights on.';
  const dev = r.dev === undefined ? 'the dev split' : `the ${r.dev.items} items of ${shownSource(r.dev.source)}`;
  const loss = `from ${r.cat.startLoss.toFixed(3)} to ${r.cat.devLoss.toFixed(3)}`;
  return (
    `CAT learned one weight per adapter per layer on ${dev}, lowering the dev loss ${loss} in ` +
    `${r.cat.history.length - 1} steps. Darker cells add more of that adapter's update.`
  );
}

/** One heatmap of learned CAT weights. */
export interface LearnedWeights {
  readonly method: string;
  readonly caption: string;
  readonly weights: readonly (readonly number[])[];
}

/** The learned CAT weights of the result, one entry per CAT row (softmax, then free), with a caption. */
export function learnedWeights(r: LoraComposeResult): LearnedWeights[] {
  const out: LearnedWeights[] = [];
  for (const row of r.rows) {
    if (row.catWeights === undefined || row.method === undefined) continue;
    const rule = row.method === 'cat' ? "softmax: each layer's weights sum to 1" : 'free weights: no sum rule';
    out.push({
      method: row.method,
      caption: `${row.config}, ${rule} (exact match ${percent(row.exactMatch)})`,
      weights: row.catWeights,
    });
  }
  if (out.length === 0 && r.cat !== undefined)
    out.push({ method: 'cat', caption: `CAT (${r.cat.parameterisation})`, weights: r.cat.weights });
  return out;
}

/** Narrower than this, labels go above the bars. */
export const STACK_BELOW = 520;

/** Where the parts of the chart go at one width. */
export interface BarLayout {
  readonly stacked: boolean;
  /** x of 0 % and of 100 %. */
  readonly x0: number;
  readonly x1: number;
  /** Height of one row, and the offset of the bar in it. */
  readonly row: number;
  readonly barTop: number;
  readonly bar: number;
  readonly top: number;
  readonly bottom: number;
}

/** The layout of the chart `width` px wide; everything, the value text included, stays inside it. */
export function barLayout(width: number): BarLayout {
  const value = 48;
  if (width < STACK_BELOW)
    return { stacked: true, x0: 12, x1: Math.max(24, width - value), row: 34, barTop: 16, bar: 14, top: 4, bottom: 24 };
  const left = Math.min(220, Math.round(width * 0.36));
  return { stacked: false, x0: left, x1: width - value, row: 24, barTop: 4, bar: 16, top: 4, bottom: 24 };
}

/** The tooltip of a configuration's bar: what it is, its exact match and loss. */
export function barTitle(r: LoraComposeRow): string {
  const what = r.method !== undefined ? METHOD_HELP[r.method] : KIND_HELP[r.kind];
  return `${r.config}: exact match ${percent(r.exactMatch)}, loss ${r.loss.toFixed(3)} nats/byte.\n${what}`;
}
