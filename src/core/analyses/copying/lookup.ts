/**
 * @file The lookup tasks of a model on a text: its `name: value` pairs harvested, too few refused (saying how
 * many were found and how many are needed), and each task's listing sized to the model's window in its tokens.
 */
import { LensError } from '../../errors';
import { encodeText } from '../../model/encodeBounded';
import type { CausalLM } from '../../model/types';
import { COPY_OPTIONS } from '../../../shared/copying';
import type { AnswerItem } from '../tasks/scoreAnswers';
import { harvestPairs, lookupTasks, pairLine } from './lookupPairs';

/** A model's lookup tasks: the items, the pairs found and the mean pairs listed per task. */
export interface LookupRun {
  readonly items: readonly AnswerItem[];
  readonly pairs: number;
  readonly listed: number;
}

/** Lookup tasks of `text` for `model`, or `bad-input` when the text has fewer than the pairs needed. */
export async function lookupRun(
  model: CausalLM,
  text: string,
  count: number,
  seed: number,
  signal?: AbortSignal,
): Promise<LookupRun> {
  const pairs = harvestPairs(text);
  const need = COPY_OPTIONS.minPairs;
  if (pairs.length < need)
    throw new LensError(
      'bad-input',
      `Lookup needs at least ${need} name: value pairs (name: value, name = value or "name": value lines); the ` +
        `text has ${pairs.length}. Select text with more of them, or leave lookup out.`,
    );
  const sizes = new Map<string, number>();
  for (const p of pairs) {
    for (const s of [`${p.name}:`, ` ${p.value}`, pairLine(p)]) {
      if (!sizes.has(s)) sizes.set(s, (await encodeText(model.tokenizer, s, signal)).length);
    }
  }
  const size = (s: string): number => sizes.get(s) ?? 0;
  const head = model.bosId === undefined ? 0 : 1;
  const budget = (q: { name: string; value: string }): number =>
    model.context - head - size(`${q.name}:`) - size(` ${q.value}`);
  const tasks = lookupTasks(pairs, count, seed, (p) => size(pairLine(p)), budget);
  const listed = tasks.reduce((a, t) => a + t.listed, 0) / Math.max(1, tasks.length);
  return { items: tasks.map(({ prompt, answer }) => ({ prompt, answer })), pairs: pairs.length, listed };
}
