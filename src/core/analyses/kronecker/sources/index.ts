/**
 * @file Per-example gradients from models, for the Kronecker analysis: the output layer (unembedding) of any
 * causal LM whose graph gives logits and its last hidden state, and the inner linear layers of a zoo model whose
 * graph outputs each layer's input activations and output gradients (kron-mlp).
 */
import { LensError } from '../../../errors';
import { quote } from '../../../../shared/schema';
import type { GradientStack, LabelSource, LayerInfo } from '../types';
import { graphLayerGradients } from './graphLayers';
import { labelPicker } from './labels';
import { openGradientModel } from './open';
import { outputLayerGradients } from './outputLayer';
import { exampleIds } from './text';

/** Which model, and where embedded models live. */
export interface ModelLayersOptions {
  /** An embedded model's name (lens-lm, kron-mlp) or a local ONNX file or folder. */
  readonly model: string;
  /** Folder holding manifest.json and the embedded models. */
  readonly modelsDir: string;
  /** False in an untrusted workspace: only embedded models. */
  readonly allowLocalFiles: boolean;
}

/** What {@link modelGradients} computes on. */
export interface ModelGradientsOptions extends ModelLayersOptions {
  /** The text whose tokens are the examples (byte-level models: its UTF-8 bytes). */
  readonly text: string;
  /** Labels sampled from the model (Gauss–Newton) or the text's next token (empirical Fisher). */
  readonly labels: LabelSource;
  /** Seed of the label sampler. */
  readonly seed: number;
  /** At most this many tokens (examples); the text beyond them is not read. */
  readonly maxExamples: number;
  /** Layers to compute (all the model offers when absent). */
  readonly layers?: readonly string[];
  readonly signal?: AbortSignal;
  readonly progress?: (done: number, total: number) => void;
}

/** Most gradient values (count × (m + n), all layers) one call may hold: 512 MiB of float64. */
export const MAX_GRADIENT_VALUES = 2 ** 26;

/**
 * Layers a model offers: `output` (the unembedding, m = vocab, n = hidden) for any causal LM whose graph gives
 * logits and its last hidden state (lens-lm: `hidden_states.{layers}`, post final norm); a zoo model with
 * exported activations and output gradients adds its inner linear layers.
 */
export async function modelLayers(o: ModelLayersOptions): Promise<LayerInfo[]> {
  const model = await openGradientModel(o);
  await model.session.release();
  return model.layers;
}

/**
 * Rank-1 per-token gradient stacks of the named layers (all when absent) on the text: G_i = (p_i − e_{y_i}) h_iᵀ
 * for `output`; labels sampled from the model (seeded) or the text's next token; at most maxExamples tokens.
 * A layer that does not exist: LensError('bad-input', listing the layers). A graph without the outputs needed:
 * LensError('missing-output') saying which output is missing and what to do.
 */
export async function modelGradients(o: ModelGradientsOptions): Promise<GradientStack[]> {
  const model = await openGradientModel(o);
  try {
    const layers = pickLayers(model.name, model.layers, o.layers);
    const ids = await exampleIds(model.tokenizer, o.text, { ...o, bosId: model.bosId });
    refuseLarge(ids.length - 1, layers);
    const picker = labelPicker(o.labels, o.seed);
    const common = { session: model.session, ids, picker, signal: o.signal, progress: o.progress };
    if (model.kind === 'graph') {
      const pad = model.bosId ?? 0;
      return await graphLayerGradients({ ...common, layers, context: model.context, pad, sampled: o.labels === 'sampled' });
    }
    const [layer] = layers;
    if (layer === undefined || model.hidden === undefined) return [];
    return [await outputLayerGradients({ ...common, layer, hidden: model.hidden, window: model.context })];
  } finally {
    await model.session.release();
  }
}

/** The layers asked for, in the order asked (all when none); an unknown name is `bad-input` listing the layers. */
export function pickLayers(model: string, offered: readonly LayerInfo[], asked?: readonly string[]): LayerInfo[] {
  if (asked === undefined) return [...offered];
  const all = offered.map((l) => l.name).join(', ');
  if (asked.length === 0) throw new LensError('bad-input', `No layer named. ${model} has layers: ${all}.`);
  return [...new Set(asked)].map((name) => {
    const layer = offered.find((l) => l.name === name);
    if (layer === undefined) {
      throw new LensError('bad-input', `${model} has no layer "${quote(name)}". Its layers are: ${all}.`);
    }
    return layer;
  });
}

function refuseLarge(count: number, layers: readonly LayerInfo[]): void {
  const values = layers.reduce((s, l) => s + count * (l.m + l.n), 0);
  if (values > MAX_GRADIENT_VALUES) {
    throw new LensError(
      'too-long',
      `${count} examples of ${layers.map((l) => l.name).join(', ')} hold ${values} gradient values, more than ` +
        `${MAX_GRADIENT_VALUES}. Use fewer examples or fewer layers.`,
    );
  }
}
