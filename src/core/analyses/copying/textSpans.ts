/**
 * @file Copy spans from the user's text: runs of whole tokens of a given length, at start positions drawn with a
 * seed, never cutting a character in two (byte-level tokens of one character share its range) and never only
 * whitespace. The longest length a text allows is the number of its tokens.
 */
import type { TokenSpan } from '../../model/tokenizer';
import { Rng, mixSeed } from '../../random/draws';

/** Token `i` starts a character (a span may begin there), and token `i - 1` ends one. */
const startsChar = (tokens: readonly TokenSpan[], i: number): boolean =>
  i === 0 || (tokens[i]?.start ?? 0) >= (tokens[i - 1]?.end ?? 0);

/** Prefix counts of non-whitespace characters: `count[b] - count[a]` is how many `text[a, b)` holds. */
export function inkCounts(text: string): Int32Array {
  const count = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) count[i + 1] = (count[i] ?? 0) + (/\s/u.test(text[i] ?? ' ') ? 0 : 1);
  return count;
}

/** Start indices of `length`-token spans that begin and end on character boundaries and hold some ink. */
function validStarts(tokens: readonly TokenSpan[], ink: Int32Array, length: number): number[] {
  const starts: number[] = [];
  for (let i = 0; i + length <= tokens.length; i++) {
    if (!startsChar(tokens, i) || (i + length < tokens.length && !startsChar(tokens, i + length))) continue;
    const a = tokens[i]?.start ?? 0;
    const b = tokens[i + length - 1]?.end ?? a;
    if ((ink[b] ?? 0) > (ink[a] ?? 0)) starts.push(i);
  }
  return starts;
}

/**
 * Up to `count` distinct spans of `length` tokens of `text` (fewer when the text has fewer places); `ink` is
 * {@link inkCounts} of the text, computed once for every length.
 */
export function textSpans(
  text: string,
  tokens: readonly TokenSpan[],
  length: number,
  count: number,
  seed: number,
  ink = inkCounts(text),
): string[] {
  const starts = validStarts(tokens, ink, length);
  const rng = new Rng(mixSeed(seed, length, 0x5ba7));
  return rng
    .distinct(Math.min(count, starts.length), starts.length)
    .map((k) => starts[k] ?? 0)
    .map((i) => text.slice(tokens[i]?.start ?? 0, tokens[i + length - 1]?.end ?? 0));
}
