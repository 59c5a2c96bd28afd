/**
 * @file Batched passes of a LoRA base graph over task items: teacher-forced answer loss and greedy
 * answers. The graph has no attention mask, so only rows of equal length share a batch.
 */
import * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import type { ScoreOptions, TaskItem } from './taskData';
import { passYield } from '../../model/pacing';

/** Rows per forward pass at most. */
const BATCH = 64;

/**
 * Tokens per forward pass at most (rows × length): lora-base takes about 75 ms for 512 on 2 busy
 * cores (150 ms for 1,024), so a cancel waits well under 200 ms. A longer row still runs alone.
 */
export const BATCH_TOKENS = 512;

/** Rows of `length` tokens one pass takes. */
export const batchRows = (length: number): number => Math.max(1, Math.min(BATCH, Math.floor(BATCH_TOKENS / length)));

interface Logits {
  readonly data: Float32Array;
  readonly vocab: number;
  readonly length: number;
}

async function logitsOf(
  session: ort.InferenceSession,
  rows: readonly (readonly number[])[],
  lora: Record<string, ort.Tensor>,
): Promise<Logits> {
  const length = rows[0]?.length ?? 0;
  const ids = BigInt64Array.from(rows.flatMap((r) => r.map(BigInt)));
  const out = await session.run({ input_ids: new ort.Tensor('int64', ids, [rows.length, length]), ...lora });
  const t = out['logits'];
  if (t === undefined)
    throw new LensError(
      'missing-output',
      'The base graph returned no logits; a LoRA base graph must have a "logits" output.',
    );
  return { data: t.data as Float32Array, vocab: t.dims[2] ?? 0, length };
}

/** Indices of `lengths` grouped by value, each group cut into chunks of at most `batchRows(length)`. */
export function batchesByLength(lengths: readonly number[], longest = 0): number[][] {
  const groups = new Map<number, number[]>();
  lengths.forEach((n, i) => {
    const g = groups.get(n);
    if (g === undefined) groups.set(n, [i]);
    else g.push(i);
  });
  const out: number[][] = [];
  for (const [n, g] of groups) {
    const rows = batchRows(n + longest);
    for (let i = 0; i < g.length; i += rows) out.push(g.slice(i, i + rows));
  }
  return out;
}

function rowArgmax(l: Logits, row: number, pos: number): number {
  const base = (row * l.length + pos) * l.vocab;
  let best = 0;
  for (let v = 1; v < l.vocab; v++) if ((l.data[base + v] ?? -Infinity) > (l.data[base + best] ?? -Infinity)) best = v;
  return best;
}

function rowNll(l: Logits, row: number, pos: number, target: number): number {
  const base = (row * l.length + pos) * l.vocab;
  let max = -Infinity;
  for (let v = 0; v < l.vocab; v++) max = Math.max(max, l.data[base + v] ?? -Infinity);
  let sum = 0;
  for (let v = 0; v < l.vocab; v++) sum += Math.exp((l.data[base + v] ?? 0) - max);
  return max + Math.log(sum) - (l.data[base + target] ?? 0);
}

const promptIds = (bos: number, prompt: string): number[] => [bos, ...Buffer.from(prompt, 'utf8')];

/**
 * Per-item answer loss: the mean negative log-likelihood (nats) of the answer's bytes and the stop
 * byte, each predicted from the prompt and the true bytes before it (teacher forcing).
 */
export async function answerLosses(
  session: ort.InferenceSession,
  items: readonly TaskItem[],
  lora: Record<string, ort.Tensor>,
  o: ScoreOptions,
): Promise<Float64Array> {
  const stop = o.stop ?? 10;
  const seqs = items.map((it) => ({
    prompt: promptIds(o.bos, it.prompt),
    answer: [...Buffer.from(it.answer, 'utf8'), stop],
  }));
  const rows = seqs.map((s) => [...s.prompt, ...s.answer.slice(0, -1)]);
  const losses = new Float64Array(items.length);
  for (const batch of batchesByLength(rows.map((r) => r.length))) {
    await passYield(o.signal);
    const l = await logitsOf(
      session,
      batch.map((i) => rows[i] ?? []),
      lora,
    );
    batch.forEach((item, row) => {
      const s = seqs[item];
      if (s === undefined) return;
      let sum = 0;
      s.answer.forEach((t, j) => {
        sum += rowNll(l, row, s.prompt.length - 1 + j, t);
      });
      losses[item] = sum / s.answer.length;
    });
  }
  return losses;
}

/** The mean of `answerLosses` over the items. */
export async function meanAnswerLoss(
  session: ort.InferenceSession,
  items: readonly TaskItem[],
  lora: Record<string, ort.Tensor>,
  o: ScoreOptions,
): Promise<number> {
  return finiteMean(await answerLosses(session, items, lora, o));
}

/** The mean of `losses`; a `bad-input` error when it is not finite (adapter weights too large for float32). */
function finiteMean(losses: Float64Array): number {
  const mean = losses.reduce((a, b) => a + b, 0) / Math.max(1, losses.length);
  if (Number.isFinite(mean)) return mean;
  throw new LensError(
    'bad-input',
    'With these adapters the model computes a loss that is not a finite number: an adapter holds weights too ' +
      'large for float32 arithmetic. Check the adapters (model-lens lora stats), or choose others.',
  );
}

/**
 * Greedy answers to `prompts` (after the BOS), each up to the stop byte or `maxNew` bytes; prompts of equal length
 * decode together.
 */
export async function greedyAnswers(
  session: ort.InferenceSession,
  prompts: readonly string[],
  lora: Record<string, ort.Tensor>,
  o: ScoreOptions,
): Promise<string[]> {
  const stop = o.stop ?? 10;
  const rows = prompts.map((p) => promptIds(o.bos, p));
  const answers: number[][] = prompts.map(() => []);
  const maxNew = o.maxNew ?? 16;
  for (const batch of batchesByLength(
    rows.map((r) => r.length),
    maxNew,
  )) {
    const ids = batch.map((i) => [...(rows[i] ?? [])]);
    const done = batch.map(() => false);
    for (let step = 0; step < maxNew && done.includes(false); step++) {
      await passYield(o.signal);
      const l = await logitsOf(session, ids, lora);
      batch.forEach((item, row) => {
        const next = rowArgmax(l, row, l.length - 1);
        ids[row]?.push(next);
        if (done[row] === true) return;
        if (next === stop) done[row] = true;
        else answers[item]?.push(next);
      });
    }
  }
  return answers.map((a) => Buffer.from(a.filter((t) => t < 256)).toString('utf8'));
}
