/**
 * @file The model the dependency analyses run: an onnxruntime session on a causal LM graph with
 * `input_ids` and `attention_mask` inputs, a `logits` output and, for the attention method,
 * `attentions.{layer}` outputs ([B, H, T, T] softmax probabilities), plus its context and BOS id.
 */
import type * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import { join } from 'node:path';
import { loadAnalysisSession } from '../../model/embeddedFiles';
import { loadPrefixGraph, prefixGraphOf, type PrefixGraph } from './prefixGraph';
import { isScored, type ScoredDependencyModel } from './scoredAblation';

/** A session with what the dependency analyses need to know about its model. */
export interface DependencyModel {
  readonly session: ort.InferenceSession;
  /** Name shown in results. */
  readonly name: string;
  /** Tokens per window (the context the model was trained on). */
  readonly context: number;
  /** Token fed first, and the neutral token ablation substitutes. */
  readonly bosId: number;
  /** The model's KV-cache graph, when it has one: ablation then reuses each window's prefix. */
  readonly prefix?: PrefixGraph;
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
  const lm = model.graphs.lm;
  const prefix =
    lm === model.graphs.analysis ? prefixGraphOf(session) : await loadPrefixGraph(join(modelsDir, model.dir, lm));
  return { session, name, context: model.context, bosId: model.bosTokenId, ...(prefix ? { prefix } : {}) };
}

/** Releases the sessions of `model` (its KV-cache graph too, when that is a separate session). */
export async function releaseDependencyModel(model: DependencyModel | ScoredDependencyModel): Promise<void> {
  if (isScored(model)) return model.dispose();
  await model.session.release();
  if (model.prefix !== undefined && model.prefix.session !== model.session) await model.prefix.session.release();
}

/** `model` as a session, for the attention method: a model read through a server has no attentions. */
export function sessionModel(model: DependencyModel | ScoredDependencyModel): DependencyModel {
  if (isScored(model))
    throw new LensError('bad-model', `${model.name} is read through a server, which gives no attentions.`);
  return model;
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
