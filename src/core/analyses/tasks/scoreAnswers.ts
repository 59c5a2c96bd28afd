/**
 * @file Scores prompted answers with a causal LM, teacher-forced: for each answer token, whether the model's most
 * probable next token is that token (greedy exact match, as the copy and lookup papers score) and its surprisal.
 * Shared by the copy and lookup probes and the memorization and reasoning sweep.
 */
import { LensError } from '../../errors';
import { encodeText } from '../../model/encodeBounded';
import { BatchSizer, passYield } from '../../model/pacing';
import type { CausalLM, RowScores } from '../../model/types';
import { isTopChoice, rowScores } from '../surprisal/rowScores';

/** A prompt and the answer the model should continue it with. */
export interface AnswerItem {
  readonly prompt: string;
  readonly answer: string;
}

/** How well the model continued one prompt with its answer. */
export interface AnswerScore {
  /** Answer tokens scored. */
  readonly tokens: number;
  /** Answer tokens that were the model's most probable next token. */
  readonly correct: number;
  /** Every answer token was the most probable one (string accuracy). */
  readonly exact: boolean;
  /** Index of the first answer token that was not the most probable one, or -1. */
  readonly firstWrong: number;
  /** Surprisal of each answer token in bits. */
  readonly bits: readonly number[];
  /** Prompt tokens dropped at the start so the row fits the model's context. */
  readonly dropped: number;
}

/** Options of {@link scoreAnswers}. */
export interface ScoreAnswersOptions {
  readonly signal?: AbortSignal;
  /** Called after each batch with the number of items scored so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Most rows in one pass. @default 64 */
  readonly maxBatch?: number;
}

interface Row {
  readonly ids: number[];
  /** Index in `ids` of the first answer token. */
  readonly answerAt: number;
  readonly dropped: number;
}

/** Token ids of an item: BOS (when the model has one), the prompt's tokens cut from the left to fit, the answer's. */
export function answerRow(model: CausalLM, item: AnswerItem): Row {
  const ids = (text: string): number[] => model.tokenizer.encode(text).map((t) => t.id);
  return rowOfIds(model, ids(item.prompt), ids(item.answer));
}

/** {@link answerRow}, tokenized through the server when the model's tokenizer lives there (a remote model). */
async function answerRowAsync(model: CausalLM, item: AnswerItem, signal?: AbortSignal): Promise<Row> {
  const ids = async (text: string): Promise<number[]> =>
    (await encodeText(model.tokenizer, text, signal)).map((t) => t.id);
  return rowOfIds(model, await ids(item.prompt), await ids(item.answer));
}

function rowOfIds(model: CausalLM, prompt: readonly number[], answer: readonly number[]): Row {
  const head = model.bosId === undefined ? [] : [model.bosId];
  if (answer.length === 0) throw new LensError('bad-input', 'An answer is empty. Give each task a non-empty answer.');
  if (head.length + answer.length + 1 > model.context) {
    throw new LensError(
      'too-long',
      `An answer of ${answer.length} tokens does not fit ${model.name}'s window of ${model.context} tokens with its ` +
        'prompt. Use shorter spans, or a model with a longer window.',
    );
  }
  const room = model.context - head.length - answer.length;
  const dropped = Math.max(0, prompt.length - room);
  const kept = prompt.slice(dropped);
  if (head.length + kept.length === 0) {
    throw new LensError('bad-input', `${model.name} has no start token, so each task needs a non-empty prompt.`);
  }
  return { ids: [...head, ...kept, ...answer], answerAt: head.length + kept.length, dropped };
}

/** Scores every item, in batches paced so that a cancel is honoured within 200 ms. */
export async function scoreAnswers(
  model: CausalLM,
  items: readonly AnswerItem[],
  options: ScoreAnswersOptions = {},
): Promise<AnswerScore[]> {
  const rows: Row[] = [];
  for (const item of items) rows.push(await answerRowAsync(model, item, options.signal));
  const sizer =
    model.scorer === undefined ? new BatchSizer(options.maxBatch ?? 64) : BatchSizer.fixed(model.scorer.rowsPerCall);
  const scores: AnswerScore[] = [];
  while (scores.length < rows.length) {
    await passYield(options.signal);
    const batch = rows.slice(scores.length, scores.length + sizer.next);
    const t0 = performance.now();
    const out = await rowScores(
      model,
      batch.map((r) => ({ ids: r.ids, from: r.answerAt })),
      1,
      options.signal,
    );
    batch.forEach((row, b) => scores.push(scoreRow(row, out[b])));
    sizer.record(batch.length, performance.now() - t0);
    options.onProgress?.(scores.length, rows.length);
  }
  return scores;
}

function scoreRow(row: Row, scores: RowScores | undefined): AnswerScore {
  const bits: number[] = [];
  let correct = 0;
  let firstWrong = -1;
  for (let j = row.answerAt; j < row.ids.length; j++) {
    bits.push(scores?.bits[j] ?? NaN);
    if (scores !== undefined && isTopChoice(scores, j, row.ids[j] ?? 0)) correct++;
    else if (firstWrong < 0) firstWrong = j - row.answerAt;
  }
  return { tokens: bits.length, correct, exact: firstWrong < 0, firstWrong, bits, dropped: row.dropped };
}
