/**
 * @file Sums scored tasks up: string accuracy (every answer token right), token accuracy, mean surprisal in
 * bits per token, and the examples a panel lists (wrong ones first) with the token to show dependencies at.
 */
import { encodeText } from '../../model/encodeBounded';
import type { CausalLM } from '../../model/types';
import type { CopyExample } from '../../../shared/copying';
import type { AnswerItem, AnswerScore } from '../tasks/scoreAnswers';

/** String and token accuracy of some scores. */
export function accuracies(scores: readonly AnswerScore[]): { stringAccuracy: number; tokenAccuracy: number } {
  const tokens = scores.reduce((a, s) => a + s.tokens, 0);
  const correct = scores.reduce((a, s) => a + s.correct, 0);
  const exact = scores.filter((s) => s.exact).length;
  return {
    stringAccuracy: scores.length === 0 ? 0 : exact / scores.length,
    tokenAccuracy: tokens === 0 ? 0 : correct / tokens,
  };
}

/** Mean surprisal per token over every scored token (0 when there is none). */
export function meanBits(scores: readonly AnswerScore[]): number {
  const bits = scores.flatMap((s) => s.bits);
  return bits.length === 0 ? 0 : bits.reduce((a, b) => a + b, 0) / bits.length;
}

/** Up to `most` examples of a length, the wrong ones first, each with the token to show dependencies at. */
export async function examplesOf(
  model: CausalLM,
  kind: CopyExample['kind'],
  length: number,
  items: readonly AnswerItem[],
  scores: readonly AnswerScore[],
  most: number,
): Promise<CopyExample[]> {
  const order = items.map((_, i) => i).sort((a, b) => Number(scores[a]?.exact) - Number(scores[b]?.exact));
  const examples: CopyExample[] = [];
  for (const i of order.slice(0, most)) {
    const item = items[i] as AnswerItem;
    const s = scores[i] as AnswerScore;
    const tokens = await encodeText(model.tokenizer, item.answer);
    const tok = tokens[s.firstWrong >= 0 ? s.firstWrong : tokens.length - 1];
    const at = { start: item.prompt.length + (tok?.start ?? 0), end: item.prompt.length + (tok?.end ?? 0) };
    const { tokens: n, correct, exact, firstWrong } = s;
    examples.push({
      kind,
      length,
      prompt: item.prompt,
      answer: item.answer,
      exact,
      tokens: n,
      correct,
      firstWrong,
      at,
    });
  }
  return examples;
}
