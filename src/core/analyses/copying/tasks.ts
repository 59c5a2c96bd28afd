/**
 * @file The copy tasks a model is probed with at each length: spans of the user's text, or strings sampled over
 * a copy model's alphabet; each checked against the model's window first (both copies, the separator and the
 * start token must fit), with the longest length that fits or that the text allows named when one does not.
 */
import { LensError } from '../../errors';
import { encodeBounded, encodeText } from '../../model/encodeBounded';
import type { CausalLM } from '../../model/types';
import { COPY_OPTIONS } from '../../../shared/copying';
import { sampleStrings } from './sampler';
import { inkCounts, textSpans } from './textSpans';

/** Where a model's copy tasks come from. */
export type CopySource =
  { readonly mode: 'text'; readonly text: string } | { readonly mode: 'synthetic'; readonly alphabet: string };

/** Most tokens a text may have: 4 per character of the longest text read (every UTF-8 byte a token). */
const MAX_TEXT_TOKENS = 4 * COPY_OPTIONS.maxTextChars;

/** The spans (first copies) of each length, in the order of `lengths`; the text tokenized in cancellable pieces. */
export async function copySpans(
  model: CausalLM,
  source: CopySource,
  separator: string,
  lengths: readonly number[],
  count: number,
  seed: number,
  signal?: AbortSignal,
): Promise<string[][]> {
  const longest = Math.max(...lengths);
  const head = model.bosId === undefined ? 0 : 1;
  const sep = (await encodeText(model.tokenizer, separator, signal)).length;
  const fits = Math.floor((model.context - head - sep) / 2);
  if (longest > fits)
    throw new LensError(
      'bad-input',
      `Length ${longest} does not fit ${model.name}'s window of ${model.context} tokens (two copies and the ` +
        `separator): the longest that fits is ${Math.max(0, fits)}. Ask for shorter lengths.`,
    );
  if (source.mode === 'synthetic') return lengths.map((n) => sampleStrings(source.alphabet, n, count, seed));
  const tokens = await encodeBounded(model.tokenizer, source.text, {
    maxTokens: MAX_TEXT_TOKENS,
    ...(signal === undefined ? {} : { signal }),
  });
  if (longest > tokens.length)
    throw new LensError(
      'bad-input',
      `The text has ${tokens.length} tokens for ${model.name}, too short for spans of ${longest}: the longest ` +
        `length it allows is ${tokens.length}. Select more text or ask for shorter lengths.`,
    );
  const ink = inkCounts(source.text);
  return lengths.map((n) => {
    const spans = textSpans(source.text, tokens, n, count, seed, ink);
    if (spans.length === 0)
      throw new LensError(
        'bad-input',
        `The text has no span of ${n} tokens that is not only whitespace. Select more text or ask for shorter ` +
          'lengths.',
      );
    return spans;
  });
}
