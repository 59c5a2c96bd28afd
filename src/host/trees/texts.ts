/**
 * @file Words the decision-tree toolkit shows: why generated text repeats and how to get better text, and
 * the file name a saved model is offered under. Free of `vscode`, so they are unit tested.
 */
import type { TreesModelSummary } from '../../shared/trees';

/** Defaults and bounds of `modelLens.trees.temperature`. */
export const TEMPERATURE = { default: 0, min: 0, max: 5 } as const;

/** The temperature setting's value, or the default when it is unset or out of bounds. */
export function temperatureOf(value: unknown): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= TEMPERATURE.min;
  return ok && value <= TEMPERATURE.max ? value : TEMPERATURE.default;
}

function trainedOn(s: TreesModelSummary): string {
  const files = s.sources.length === 1 ? 'one file' : `${s.sources.length.toLocaleString('en-US')} files`;
  return `${files} (${s.tokens.toLocaleString('en-US')} tokens, a ${s.window}-token window)`;
}

/** The line shown with generated text: how it was decoded, why it may repeat, and how to get better text. */
export function generationNote(s: TreesModelSummary, temperature: number, seed: number): string {
  const more = 'train on more files (a workspace glob) or with a larger modelLens.trees.window';
  if (temperature === 0) {
    return (
      `Greedy decoding (always the likeliest next token) of a tiny tree model trained on ${trainedOn(s)} ` +
      `soon repeats itself. For varied text set modelLens.trees.temperature to 0.8, or ${more}.`
    );
  }
  return (
    `Sampled at temperature ${temperature} (seed ${seed}) from a tiny tree model trained on ${trainedOn(s)}. ` +
    `Lower the temperature for safer text, raise it for more variety, or ${more}.`
  );
}

/** A file name to offer when saving a model, e.g. `tree-lm-cart-w16-corpus.json`. */
export function suggestedModelName(s: TreesModelSummary): string {
  const first = s.sources[0] ?? 'model';
  const base = first.split(/[\\/]/u).pop() ?? first;
  const stem = base
    .replace(/\.[^.]*$/u, '')
    .replace(/[^\w-]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 40);
  const more = s.sources.length > 1 ? `-and-${s.sources.length - 1}` : '';
  return `tree-lm-${s.learner}-w${s.window}-${stem || 'model'}${more}.json`;
}
