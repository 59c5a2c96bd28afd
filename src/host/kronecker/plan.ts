/**
 * @file What "Inspect Kronecker Preconditioner" asks the engine, free of `vscode` (unit-tested): the params from
 * the chosen gradients (a file, or a model's layers on a text with its labels), the examples setting, and the
 * checks of a layer name typed by the user and of a file's extension.
 */
import { KRON_OPTIONS, type KronInput, type KronLabelSource, type KronParams } from '../../shared/kronecker';

/** Where the gradients come from: a file, or a model (embedded by name, or a local folder). */
export type KronSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'model'; readonly model: string; readonly local: boolean };

/** The text a model reads and its name (a workspace path). */
export interface KronData {
  readonly text: string;
  readonly source: string;
}

/** The layers analysed: all of them, or the named ones. */
export type LayerChoice = { readonly kind: 'all' } | { readonly kind: 'named'; readonly names: readonly string[] };

/** What the user chose in the quick picks. */
export type KronChoice =
  | { readonly kind: 'file'; readonly source: Extract<KronSource, { kind: 'file' }>; readonly layers: LayerChoice }
  | {
      readonly kind: 'model';
      readonly source: Extract<KronSource, { kind: 'model' }>;
      readonly layers: LayerChoice;
      readonly data: KronData;
      readonly labels: KronLabelSource;
    };

/** Gradient files the analysis reads, by extension. */
export const GRADIENT_EXT = /\.(json|safetensors)$/iu;

/** The examples (tokens) setting, or the default when it is unset or out of bounds. */
export function maxExamplesOf(setting: unknown): number {
  const { min, max } = KRON_OPTIONS.maxExamples;
  return typeof setting === 'number' && Number.isSafeInteger(setting) && setting >= min && setting <= max
    ? setting
    : KRON_OPTIONS.maxExamples.default;
}

/** Layer names as typed (commas or spaces between them), or why they are refused. */
export function parseLayerNames(text: string): { names: string[] } | { problem: string } {
  const names = [...new Set(text.split(/[\s,]+/u).filter((s) => s !== ''))];
  if (names.length === 0) return { problem: 'Type a layer name, e.g. output (several: separated by commas).' };
  if (names.length > KRON_OPTIONS.maxLayers) return { problem: `At most ${KRON_OPTIONS.maxLayers} layers at once.` };
  const long = names.find((n) => n.length > 200);
  if (long !== undefined) return { problem: `"${long.slice(0, 40)}…" is too long for a layer name.` };
  return { names };
}

/** The params of the analysis for the user's choice. */
export function kronParams(choice: KronChoice, o: { maxExamples: number; allowLocalFiles: boolean }): KronParams {
  const layers = choice.layers.kind === 'named' ? { layers: [...choice.layers.names] } : {};
  const input: KronInput =
    choice.kind === 'file'
      ? { from: 'file', path: choice.source.path, ...layers }
      : {
          from: 'model',
          model: choice.source.model,
          text: choice.data.text,
          source: choice.data.source,
          labels: choice.labels,
          maxExamples: o.maxExamples,
          ...layers,
        };
  return { input, allowLocalFiles: o.allowLocalFiles };
}

/** How the run is named in the progress notification and the log. */
export function runName(choice: KronChoice, nameOf: (path: string) => string): string {
  const layers = choice.layers.kind === 'all' ? 'every layer' : choice.layers.names.join(', ');
  if (choice.kind === 'file') return `${layers} of ${nameOf(choice.source.path)}`;
  const model = choice.source.local ? nameOf(choice.source.model) : choice.source.model;
  return `${layers} of ${model} on ${choice.data.source} (${choice.labels} labels)`;
}
