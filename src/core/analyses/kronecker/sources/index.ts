/**
 * @file Per-example gradients from models, for the Kronecker analysis: the output layer (unembedding) of any
 * causal LM whose graph gives logits and its last hidden state, and the inner linear layers of a zoo model whose
 * graph outputs each layer's input activations and output gradients (kron-mlp).
 */
import { LensError } from '../../../errors';
import type { GradientStack, LabelSource, LayerInfo } from '../types';

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

/**
 * Layers a model offers: `output` (the unembedding, m = vocab, n = hidden) for any causal LM whose graph gives
 * logits and its last hidden state (lens-lm: `hidden_states.{layers}`, post final norm); a zoo model with
 * exported activations and output gradients adds its inner linear layers.
 */
export function modelLayers(o: ModelLayersOptions): Promise<LayerInfo[]> {
  return Promise.reject(new LensError('internal', `modelLayers(${o.model}) is not implemented yet.`));
}

/**
 * Rank-1 per-token gradient stacks of the named layers (all when absent) on the text: G_i = (p_i − e_{y_i}) h_iᵀ
 * for `output`; labels sampled from the model (seeded) or the text's next token; at most maxExamples tokens.
 * A layer that does not exist: LensError('bad-input', listing the layers). A graph without the outputs needed:
 * LensError('missing-output') saying which output is missing and what to do.
 */
export function modelGradients(o: ModelGradientsOptions): Promise<GradientStack[]> {
  return Promise.reject(new LensError('internal', `modelGradients(${o.model}) is not implemented yet.`));
}
