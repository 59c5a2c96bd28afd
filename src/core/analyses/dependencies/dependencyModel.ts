/**
 * @file The model the dependency analyses run: an onnxruntime session on a causal LM graph with
 * `input_ids` and `attention_mask` inputs, a `logits` output and, for the attention method,
 * `attentions.{layer}` outputs ([B, H, T, T] softmax probabilities), plus its context and BOS id.
 */
import type * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import { loadAnalysisSession } from '../../model/embeddedFiles';

/** A session with what the dependency analyses need to know about its model. */
export interface DependencyModel {
  readonly session: ort.InferenceSession;
  /** Name shown in results. */
  readonly name: string;
  /** Tokens per window (the context the model was trained on). */
  readonly context: number;
  /** Token fed first, and the neutral token ablation substitutes. */
  readonly bosId: number;
}

/** Loads the analysis graph of an embedded model (e.g. `lens-lm`) as a {@link DependencyModel}. */
export async function loadDependencyModel(modelsDir: string, name: string): Promise<DependencyModel> {
  const { session, model } = await loadAnalysisSession(modelsDir, name);
  if (model.bosTokenId === undefined) {
    await session.release();
    throw new LensError(
      'bad-model',
      `${name} declares no BOS token, which the dependency analyses feed first and use as the neutral token.`,
    );
  }
  return { session, name, context: model.context, bosId: model.bosTokenId };
}

/** Names of the `attentions.{layer}` outputs, in layer order; throws `missing-output` if there are none. */
export function attentionOutputs(session: ort.InferenceSession): string[] {
  const names: string[] = [];
  for (let l = 0; session.outputNames.includes(`attentions.${l}`); l++) names.push(`attentions.${l}`);
  if (names.length === 0) {
    throw new LensError(
      'missing-output',
      `The model exposes no attentions.{layer} outputs (it has: ${session.outputNames.join(', ')}). Use the ` +
        `ablation method instead.`,
    );
  }
  return names;
}
