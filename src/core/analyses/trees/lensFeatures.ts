/**
 * @file lens-lm's representations as tree features: its input embeddings (averaged over the
 * window) and its last hidden state at each position.
 */
import type * as ort from 'onnxruntime-node';
import { hiddenStates } from '../../model/hiddenStates';

/**
 * Dense features of a byte sequence for {@link ardtTrainIds}: row j is lens-lm's final hidden
 * state after reading bytes[0..j] (after <|endoftext|>), so row t-1 predicts byte t.
 */
export async function lensHiddenFeatures(
  session: ort.InferenceSession,
  bytes: ArrayLike<number>,
  options: { bos: number; layer: number; window: number; signal?: AbortSignal },
): Promise<{ dense: Float32Array; dim: number }> {
  const ids = [options.bos, ...Array.from(bytes), options.bos];
  const { data, dim } = await hiddenStates(session, ids, {
    layer: options.layer,
    window: options.window,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  return { dense: data.subarray(dim, dim * (bytes.length + 1)), dim };
}
