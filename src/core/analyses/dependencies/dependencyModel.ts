/**
 * @file The model the dependency analyses run: an onnxruntime session on a causal LM graph with
 * `input_ids` and `attention_mask` inputs, a `logits` output and, for the attention method,
 * `attentions.{layer}` outputs ([B, H, T, T] softmax probabilities), plus its context and BOS id.
 */
import type * as ort from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
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
    throw new LensError('bad-model', `${name} declares no BOS token, which the dependency analyses feed first and use as the neutral token.`);
  }
  return { session, name, context: model.context, bosId: model.bosTokenId };
}

/** Names of the `attentions.{layer}` outputs, in layer order; throws `missing-output` if there are none. */
export function attentionOutputs(session: ort.InferenceSession): string[] {
  const names: string[] = [];
  for (let l = 0; session.outputNames.includes(`attentions.${l}`); l++) names.push(`attentions.${l}`);
  if (names.length === 0) {
    throw new LensError('missing-output', `The model exposes no attentions.{layer} outputs (it has: ${session.outputNames.join(', ')}). Use the ablation method instead.`);
  }
  return names;
}

/**
 * Feeds for a batch [B, W] of ids and mask, plus what causal-LM exports may also declare:
 * `position_ids` (cumsum of the mask minus one, as Hugging Face computes them) and empty
 * `past_key_values.*` tensors for KV-cache graphs (their symbolic batch dim set to B, others to 0).
 */
export function graphFeeds(session: ort.InferenceSession, ids: BigInt64Array, mask: BigInt64Array, B: number, W: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = { input_ids: new Tensor('int64', ids, [B, W]) };
  if (session.inputNames.includes('attention_mask')) feeds['attention_mask'] = new Tensor('int64', mask, [B, W]);
  if (session.inputNames.includes('position_ids')) {
    const pos = new BigInt64Array(B * W);
    for (let b = 0; b < B; b++) {
      let seen = 0n;
      for (let t = 0; t < W; t++) {
        if (mask[b * W + t] !== 0n) seen++;
        pos[b * W + t] = seen > 0n ? seen - 1n : 0n;
      }
    }
    feeds['position_ids'] = new Tensor('int64', pos, [B, W]);
  }
  for (const meta of session.inputMetadata) {
    if (!meta.isTensor || !meta.name.startsWith('past_key_values')) continue;
    const dims = meta.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? B : 0));
    feeds[meta.name] = new Tensor('float32', new Float32Array(0), dims);
  }
  return feeds;
}
