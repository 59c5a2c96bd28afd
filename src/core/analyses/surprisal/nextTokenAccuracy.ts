/**
 * @file Teacher-forced next-token accuracy of a causal LM on a text: how often its most probable
 * token is the one that follows. Scored in the same windows as surprisal.
 */
import type { CausalLM } from '../../model/types';
import { planWindows } from './planWindows';

/** Share of tokens of `text` that are the model's top prediction given the tokens before them. */
export async function nextTokenAccuracy(
  lm: CausalLM,
  text: string,
): Promise<{ correct: number; total: number; accuracy: number }> {
  const spans = lm.tokenizer.encode(text);
  const ids = lm.bosId === undefined ? spans.map((s) => s.id) : [lm.bosId, ...spans.map((s) => s.id)];
  let correct = 0;
  let total = 0;
  for (const win of planWindows(ids.length, lm.context)) {
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
