/**
 * @file The tokens a gradient source computes on: the start token (when the model has one) and the text's first
 * tokens, at most as many targets as asked; the text beyond them is not tokenized.
 */
import { LensError } from '../../../errors';
import { encodeBounded } from '../../../model/encodeBounded';
import { BYTES_PER_TOKEN } from '../../../model/textLimits';
import type { SpanTokenizer } from '../../../model/tokenizer';

/**
 * Ids fed to the model: [bos?, t_1, …], with at most `maxExamples` targets (every id after the first is one).
 * Only a prefix of {@link BYTES_PER_TOKEN} UTF-16 units per target is tokenized.
 */
export async function exampleIds(
  tokenizer: SpanTokenizer,
  text: string,
  o: { maxExamples: number; bosId: number | undefined; signal?: AbortSignal | undefined },
): Promise<number[]> {
  if (!Number.isSafeInteger(o.maxExamples) || o.maxExamples < 1) {
    throw new LensError('bad-input', `maxExamples must be a whole number of at least 1, not ${o.maxExamples}.`);
  }
  const prefix = text.slice(0, (o.maxExamples + 1) * BYTES_PER_TOKEN);
  const bytes = Buffer.byteLength(prefix, 'utf8');
  const spans = await encodeBounded(tokenizer, prefix, {
    maxTokens: Math.max(1, bytes),
    ...(o.signal !== undefined ? { signal: o.signal } : {}),
  });
  const ids = [...(o.bosId === undefined ? [] : [o.bosId]), ...spans.map((s) => s.id)];
  if (ids.length < 2) {
    throw new LensError(
      'empty-input',
      `The text has ${spans.length === 0 ? 'no tokens' : 'one token and no start token'}, so no token is ` +
        `predicted and there is no gradient. Give a longer text.`,
    );
  }
  return ids.slice(0, o.maxExamples + 1);
}
