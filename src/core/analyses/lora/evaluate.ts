/**
 * @file Scores adapters and merges on a task: feeds each adapted module's LoRA A and B (weights
 * and scaling folded into A) to a base graph that takes them as inputs (`lora.<module>.A`
 * [rank, in], `lora.<module>.B` [out, rank]), greedy-decodes every prompt, and reports exact match
 * and the mean loss of the expected answers.
 */
import * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import type { LoraAdapter } from '../../formats/peft/types';
import { greedyAnswers, meanAnswerLoss } from './taskBatch';
import type { ScoreOptions, TaskItem } from './taskData';

/** One adapter and the weight it enters with. */
export interface WeightedAdapter {
  readonly adapter: LoraAdapter;
  readonly weight: number;
}

/** Exact match and loss of one configuration. */
export interface TaskScore {
  readonly exactMatch: number;
  /** Mean over items of the answer's negative log-likelihood per byte (nats), answer end included. */
  readonly loss: number;
  readonly items: number;
  /** The greedy answer to each item, in order. */
  readonly answers: readonly string[];
}

/** The graph's LoRA inputs for `parts` stacked along the rank (a cat of the weighted adapters). */
export function loraGraphFeeds(
  session: ort.InferenceSession,
  parts: readonly WeightedAdapter[],
): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const meta of session.inputMetadata) {
    const m = /^lora\.(.+)\.A$/u.exec(meta.name);
    if (m === null || !meta.isTensor) continue;
    const name = m[1] ?? '';
    const bMeta = session.inputMetadata.find((x) => x.name === `lora.${name}.B`);
    const nIn = meta.shape[1];
    const nOut = bMeta !== undefined && bMeta.isTensor ? bMeta.shape[0] : undefined;
    if (typeof nIn !== 'number' || typeof nOut !== 'number')
      throw new LensError('bad-model', `The base graph's lora.${name} inputs have no fixed in/out sizes.`);
    const mods = parts.map((p) => ({ m: p.adapter.modules.get(name), w: p.weight }));
    const rank = mods.reduce((s, { m }) => s + (m?.rank ?? 0), 0);
    const a = new Float32Array(rank * nIn);
    const b = new Float32Array(nOut * rank);
    let at = 0;
    for (const { m, w } of mods) {
      if (m === undefined) continue;
      if (m.a.cols !== nIn || m.b.rows !== nOut)
        throw new LensError(
          'bad-input',
          `Adapter module ${name} is ${m.b.rows}×${m.a.cols}; the base model's is ${nOut}×${nIn}. The adapter ` +
            `was trained for another base model.`,
        );
      for (let i = 0; i < m.a.data.length; i++) a[at * nIn + i] = w * m.scaling * (m.a.data[i] ?? 0);
      for (let o = 0; o < nOut; o++)
        for (let k = 0; k < m.rank; k++) b[o * rank + at + k] = m.b.data[o * m.rank + k] ?? 0;
      at += m.rank;
    }
    feeds[`lora.${name}.A`] = new ort.Tensor('float32', a, [rank, nIn]);
    feeds[`lora.${name}.B`] = new ort.Tensor('float32', b, [nOut, rank]);
  }
  return feeds;
}

/** The model's greedy answer to `prompt` (after the BOS), up to the stop byte or `maxNew` bytes. */
export async function greedyAnswer(
  session: ort.InferenceSession,
  prompt: string,
  lora: Record<string, ort.Tensor>,
  o: ScoreOptions,
): Promise<string> {
  return (await greedyAnswers(session, [prompt], lora, o))[0] ?? '';
}

/** Exact match and loss of `parts` (none: the base model) on `items`. */
export async function scoreOnTask(
  session: ort.InferenceSession,
  parts: readonly WeightedAdapter[],
  items: readonly TaskItem[],
  o: ScoreOptions,
): Promise<TaskScore> {
  const lora = loraGraphFeeds(session, parts);
  const loss = await meanAnswerLoss(session, items, lora, o);
  const answers = await greedyAnswers(
    session,
    items.map((it) => it.prompt),
    lora,
    o,
  );
  const exact = answers.filter((a, i) => a === items[i]?.answer).length;
  return { exactMatch: items.length === 0 ? 0 : exact / items.length, loss, items: items.length, answers };
}
