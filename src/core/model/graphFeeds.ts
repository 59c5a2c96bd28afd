/**
 * @file The inputs a causal-LM ONNX graph expects for a batch of token ids, as Hugging Face
 * exports declare them: `input_ids`, and when the graph has them `attention_mask`, `position_ids`
 * (cumsum of the mask minus one) and empty `past_key_values.*` tensors for KV-cache graphs.
 */
import * as ort from 'onnxruntime-node';

/** Feeds for a batch [B, W] of ids and its mask (1 = a real token). */
export function graphFeeds(
  session: ort.InferenceSession,
  ids: BigInt64Array,
  mask: BigInt64Array,
  B: number,
  W: number,
): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', ids, [B, W]) };
  if (session.inputNames.includes('attention_mask')) feeds['attention_mask'] = new ort.Tensor('int64', mask, [B, W]);
  if (session.inputNames.includes('position_ids'))
    feeds['position_ids'] = new ort.Tensor('int64', positions(mask, B, W), [B, W]);
  for (const meta of session.inputMetadata) {
    if (meta.isTensor && meta.name.startsWith('past_key_values')) feeds[meta.name] = emptyPast(meta, B);
  }
  return feeds;
}

/** Position of each token: the number of real tokens before it (padding repeats the last one). */
function positions(mask: BigInt64Array, B: number, W: number): BigInt64Array {
  const pos = new BigInt64Array(B * W);
  for (let b = 0; b < B; b++) {
    let seen = 0n;
    for (let t = 0; t < W; t++) {
      if (mask[b * W + t] !== 0n) seen++;
      pos[b * W + t] = seen > 0n ? seen - 1n : 0n;
    }
  }
  return pos;
}

/** A zero-length past: the symbolic batch dim set to `batch`, other symbolic dims to 0. */
function emptyPast(meta: ort.InferenceSession.TensorValueMetadata, batch: number): ort.Tensor {
  const dims = meta.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? batch : 0));
  return meta.type === 'float16'
    ? new ort.Tensor('float16', new Uint16Array(0), dims)
    : new ort.Tensor('float32', new Float32Array(0), dims);
}
