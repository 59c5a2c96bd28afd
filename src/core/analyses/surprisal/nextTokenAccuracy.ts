/**
 * @file Teacher-forced next-token accuracy of a causal LM on a text: how often its most probable
 * token is the one that follows. Scored in the same windows as surprisal, one window per pass with
 * a turn of the event loop between passes, so a cancel is seen within one window.
 */
import { throwIfCancelled } from '../../errors';
import { encodeBounded } from '../../model/encodeBounded';
import { nextTurn } from '../../model/pacing';
import type { CausalLM } from '../../model/types';
import { planWindows } from './planWindows';

/** Options of {@link nextTokenAccuracy}. */
export interface AccuracyOptions {
  /** Refuse texts with more tokens than this (and more than 16 bytes per token). @default no limit */
  readonly maxTokens?: number;
  readonly signal?: AbortSignal;
}

/** Share of tokens of `text` that are the model's top prediction given the tokens before them. */
export async function nextTokenAccuracy(
  lm: CausalLM,
  text: string,
  options: AccuracyOptions = {},
): Promise<{ correct: number; total: number; accuracy: number }> {
  const spans = await encodeBounded(lm.tokenizer, text, {
    maxTokens: options.maxTokens ?? Infinity,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  const ids = lm.bosId === undefined ? spans.map((s) => s.id) : [lm.bosId, ...spans.map((s) => s.id)];
  let correct = 0;
  let total = 0;
  for (const win of planWindows(ids.length, lm.context)) {
    await nextTurn();
    throwIfCancelled(options.signal);
    const batch = await lm.logits([ids.slice(win.begin, win.end)]);
    for (let t = win.scoreFrom; t < win.end; t++) {
      const row = (t - 1 - win.begin) * batch.vocab;
      let best = 0;
      for (let v = 1; v < batch.vocab; v++)
        if ((batch.data[row + v] ?? -Infinity) > (batch.data[row + best] ?? -Infinity)) best = v;
      total++;
      if (best === ids[t]) correct++;
    }
  }
  return { correct, total, accuracy: total === 0 ? 0 : correct / total };
}
