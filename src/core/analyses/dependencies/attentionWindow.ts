/**
 * @file One forward pass of the analysis graph over one window, returning each layer's attention
 * probabilities [H, T, T] (row = query, column = key). Used for dense maps of a single window
 * (a panel showing one layer and head) and by the streaming analysis.
 */
import type * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import { graphFeeds } from '../../model/graphFeeds';
import { attentionOutputs, type DependencyModel } from './dependencyModel';

/** Attention of one window: `layers[l][(h * T + q) * T + j]`. */
export interface WindowAttention {
  readonly layers: readonly Float32Array[];
  readonly heads: number;
  readonly T: number;
}

/** Feeds for one row of ids with every position attended. */
export function windowFeeds(session: ort.InferenceSession, ids: ArrayLike<number>): Record<string, ort.Tensor> {
  const n = ids.length;
  const input = new BigInt64Array(n);
  for (let i = 0; i < n; i++) input[i] = BigInt(ids[i] ?? 0);
  return graphFeeds(session, input, new BigInt64Array(n).fill(1n), 1, n);
}

/** Runs `ids` (at most the model's context) and returns every layer's attention. */
export async function attentionWindow(model: DependencyModel, ids: ArrayLike<number>): Promise<WindowAttention> {
  const T = ids.length;
  if (T < 1 || T > model.context)
    throw new LensError('bad-input', `A window holds 1 to ${model.context} tokens, not ${T}.`);
  const names = attentionOutputs(model.session);
  const out = await model.session.run(windowFeeds(model.session, ids), names);
  let heads = 0;
  const layers = names.map((name) => {
    const t = out[name];
    if (t === undefined || t.dims.length !== 4 || t.dims[2] !== T || t.dims[3] !== T) {
      throw new LensError(
        'bad-model',
        `${name} is not an attention tensor [1, H, ${T}, ${T}] (got ${t?.dims.join('×') ?? 'nothing'}).`,
      );
    }
    heads = t.dims[1] ?? 0;
    return t.data as Float32Array;
  });
  return { layers, heads, T };
}
