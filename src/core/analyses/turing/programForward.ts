/**
 * @file One forward pass of a Turing-program model over rows of token ids (right-padded with `<eos>` to the longest
 * row: the model is causal, so padding changes no earlier position), and the argmax at each position.
 */
import * as ort from 'onnxruntime-node';
import { argmaxIn } from '../../numerics/select';
import type { ProgramModel } from './programModel';
import { EOS_ID, PROGRAM_VOCAB } from './programTokens';

/** Logits [rows, tokens, 25] of one pass; `tokens` is the longest row's length. */
export interface ProgramLogits {
  readonly data: Float32Array;
  readonly rows: number;
  readonly tokens: number;
}

/** Runs the model on `rows` (token ids) in one batch. */
export async function programLogits(model: ProgramModel, rows: readonly (readonly number[])[]): Promise<ProgramLogits> {
  const tokens = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const ids = new BigInt64Array(rows.length * tokens).fill(BigInt(EOS_ID));
  rows.forEach((r, i) => r.forEach((id, j) => (ids[i * tokens + j] = BigInt(id))));
  const input = new ort.Tensor('int64', ids, [rows.length, tokens]);
  const out = await model.session.run({ input_ids: input }, ['logits']);
  const logits = out['logits'];
  const data = logits?.data;
  if (!(data instanceof Float32Array) || data.length !== rows.length * tokens * PROGRAM_VOCAB.length)
    throw new Error(
      `${model.name} returned logits of ${data?.length ?? 0} values, not [${rows.length}, ${tokens}, 25]`,
    );
  return { data, rows: rows.length, tokens };
}

/** The most likely next token at position `t` of row `row` (the first of ties). */
export function argmaxAt(l: ProgramLogits, row: number, t: number): number {
  const v = PROGRAM_VOCAB.length;
  return argmaxIn(l.data, (row * l.tokens + t) * v, v);
}
