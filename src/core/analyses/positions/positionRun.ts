/**
 * @file One run of a positions model's graph on a batch of token ids and fed position IDs, and
 * the small readers decoding needs (argmax of a row, attention maps as nested arrays).
 */
import * as ort from 'onnxruntime-node';
import { argmaxIn } from '../../numerics/select';
import { LensError } from '../../errors';
import type { PositionModel } from './positionModel';

/** Token ids of `tokens` in the model's vocabulary; `bad-input` naming a token it does not have. */
export function problemTokens(model: PositionModel, tokens: readonly string[]): number[] {
  return tokens.map((t) => {
    const id = model.config.vocab.indexOf(t === '×' ? '*' : t); // a typed × is the model's *
    if (id < 0 || t.length !== 1)
      throw new LensError(
        'bad-input',
        `${model.name} has no token ${JSON.stringify(t)}; its vocabulary is ${JSON.stringify(model.config.vocab)}.`,
      );
    return id;
  });
}

/** Runs the graph on rows of equal length and returns the outputs named in `fetches`. */
export async function runPositions(
  model: PositionModel,
  ids: readonly (readonly number[])[],
  fed: readonly (readonly number[])[],
  fetches: readonly string[],
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const B = ids.length;
  const T = ids[0]?.length ?? 0;
  const tokens = new BigInt64Array(B * T);
  const positions = new BigInt64Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      tokens[b * T + t] = BigInt(ids[b]?.[t] ?? 0);
      positions[b * T + t] = BigInt(fed[b]?.[t] ?? 0);
    }
  }
  const feeds = {
    input_ids: new ort.Tensor('int64', tokens, [B, T]),
    position_ids: new ort.Tensor('int64', positions, [B, T]),
  };
  return model.session.run(feeds, [...fetches]);
}

/** Index of the largest value (the first on ties) in row (b, t) of a [B, T, V] float tensor. */
export function argmaxRow(tensor: ort.Tensor, b: number, t: number): number {
  const [, T = 0, V = 0] = tensor.dims;
  return argmaxIn(tensor.data as Float32Array, (b * T + t) * V, V);
}

/** Per layer, [head][query][key] attention probabilities of one sequence. */
export async function attentionMaps(
  model: PositionModel,
  ids: readonly number[],
  fed: readonly number[],
): Promise<number[][][][]> {
  if (model.attentionOutputs.length === 0) {
    throw new LensError(
      'missing-output',
      `${model.name} has no attentions.{i} outputs, so its attention cannot be shown. Export the graph with the ` +
        `softmax probabilities of every layer.`,
    );
  }
  const out = await runPositions(model, [ids], [fed], model.attentionOutputs);
  return model.attentionOutputs.map((name) => {
    const tensor = out[name] as ort.Tensor;
    const [, H = 0, T = 0, S = 0] = tensor.dims;
    const data = tensor.data as Float32Array;
    return Array.from({ length: H }, (_, h) =>
      Array.from({ length: T }, (_, q) => Array.from(data.subarray((h * T + q) * S, (h * T + q + 1) * S))),
    );
  });
}
