/**
 * @file Limits on the text an analysis tokenizes, checked before any work: a byte limit derived
 * from the token limit (no tokenizer makes a token of more than a few bytes of real text), and the
 * token limit itself, named in the errors with the setting and flag that raise it.
 */
import { LensError } from '../errors';

/** Bytes of text allowed per token of the token limit: longer texts are refused before tokenizing. */
export const BYTES_PER_TOKEN = 16;

/** The byte limit that goes with a token limit. */
export function maxTextBytes(maxTokens: number): number {
  return maxTokens * BYTES_PER_TOKEN;
}

const RAISE = 'Select a part of the file, or raise modelLens.maxTokens (--max-tokens).';

/** The `too-long` error of a text with more than `maxTokens` tokens (`count` when known). */
export function tooManyTokens(maxTokens: number, count?: number): LensError {
  const has = count === undefined ? 'more tokens than' : `${count} tokens, more than`;
  return new LensError('too-long', `The text has ${has} modelLens.maxTokens (${maxTokens}). ${RAISE}`);
}

/** The `too-long` error of a text of `bytes` bytes (or at least that many), more than {@link maxTextBytes}. */
export function tooManyBytes(maxTokens: number, bytes: number, atLeast = false): LensError {
  const limit = maxTextBytes(maxTokens);
  return new LensError(
    'too-long',
    `The text is ${atLeast ? 'at least ' : ''}${bytes} bytes, more than ${limit} (${BYTES_PER_TOKEN} bytes per ` +
      `token of the limit of ${maxTokens} tokens). ${RAISE}`,
  );
}

/**
 * Throws `too-long` when `text` has more UTF-8 bytes than {@link maxTextBytes}. A text with more UTF-16 units
 * than that is refused without counting (UTF-8 takes at least one byte per unit), so the check costs at most
 * one pass over a text within the limit.
 */
export function refuseLargeText(text: string, maxTokens: number): void {
  const limit = maxTextBytes(maxTokens);
  if (text.length > limit) throw tooManyBytes(maxTokens, text.length, true);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limit) throw tooManyBytes(maxTokens, bytes);
}
