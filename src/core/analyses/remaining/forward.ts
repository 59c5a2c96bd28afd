/**
 * @file One forward pass of a remaining-length model over a whole sequence, reading only the last position: the
 * next token's logits and every layer's hidden state there (each generation step is one such pass).
 */
import * as ort from 'onnxruntime-node';
import { argmaxIn } from '../../numerics/select';
import { LensError } from '../../errors';
import { graphFeeds } from '../../model/graphFeeds';

/** Outputs at the last position of a sequence. */
export interface LastPosition {
  readonly logits: Float32Array;
  /** hidden[l]: hidden_states.{l} at the last position. */
  readonly hidden: readonly Float32Array[];
}

/** Runs `ids` (one row) and returns the outputs at its last position for layers 0 … layers − 1. */
export async function forwardLast(
  session: ort.InferenceSession,
  ids: readonly number[],
  layers: number,
): Promise<LastPosition> {
  const n = ids.length;
  const feeds = graphFeeds(session, BigInt64Array.from(ids, BigInt), new BigInt64Array(n).fill(1n), 1, n);
  const names = ['logits', ...Array.from({ length: layers }, (_, l) => `hidden_states.${l}`)];
  const out = await session.run(feeds, names);
  const last = (name: string): Float32Array => {
    const t = out[name];
    if (t === undefined || t.type !== 'float32' || t.dims.length !== 3)
      throw new LensError('missing-output', `The graph returned no float32 ${name} [batch, sequence, dim].`);
    const dim = t.dims[2] ?? 0;
    return (t.data as Float32Array).slice((n - 1) * dim, n * dim);
  };
  return { logits: last('logits'), hidden: names.slice(1).map(last) };
}

/** Index of the largest logit (the first of equals), as PyTorch's argmax. */
export const argmax = (logits: ArrayLike<number>): number => argmaxIn(logits);
