/**
 * @file The one window a token's dependencies need: the token and the `context − 1` tokens before it
 * (fewer at the start of the document). A causal model predicts the token from exactly these, so its
 * attention is read once and its earlier tokens are ablated one by one, however long the document is.
 * The whole-text run instead plans windows of stride half the context (each token scored once), where a
 * token may see fewer earlier tokens; for a token in the first window, or the last of a planned window,
 * both give the same numbers.
 */
import { LensError } from '../../errors';
import type { ByteTokens } from './byteTokens';
import { tokenAtOffset } from './dependencyQueries';

/** The tokens of one window, and where the analysed token is in it. */
export interface TokenWindow {
  /** The window's tokens (position 0 is the BOS when `firstToken` is 1). */
  readonly tokens: ByteTokens;
  /** Position of the analysed token in `tokens` (its last). */
  readonly target: number;
  /** 1 when position 0 is the BOS (the window starts at the document's start), else 0. */
  readonly firstToken: 0 | 1;
  /** Earlier tokens of the text the prediction sees (0: the first token of the document). */
  readonly context: number;
}

/**
 * The token at the document offset `at` in `tokens` (BOS first, as encoded), or the last token when `at` is the end
 * of the text; a `bad-input` error when no token is there.
 */
export function tokenAt(tokens: ByteTokens, at: number): number {
  const none = { k: 0, topPositions: new Int32Array(0), topWeights: new Float32Array(0) };
  const t = tokenAtOffset({ ...none, start: tokens.start, end: tokens.end }, at);
  const last = tokens.ids.length - 1;
  if (t >= 1) return t;
  if (last >= 1 && at >= (tokens.end[last] ?? Infinity)) return last;
  throw new LensError(
    'bad-input',
    'The cursor is not on a token of the analysed text. Put it on a token, or select the text that contains it.',
  );
}

/**
 * The window of at most `context` tokens of `tokens` that ends at token `t`. `startsDocument`: the encoded text
 * starts at the document's start, so position 0 is a real BOS; otherwise it was put before a part cut out of the
 * document, and the window never reaches it.
 */
export function windowEndingAt(tokens: ByteTokens, t: number, context: number, startsDocument: boolean): TokenWindow {
  const lowest = startsDocument ? 0 : 1;
  if (!Number.isInteger(t) || t < 1 || t >= tokens.ids.length) throw new RangeError(`no token ${t}`);
  if (!Number.isInteger(context) || context < 2)
    throw new RangeError(`context must be an integer >= 2, not ${context}`);
  const first = Math.max(lowest, t + 1 - context);
  if (t - first < 1 && first > 0)
    throw new LensError('bad-input', 'No text before the token was sent. Send the part of the document before it.');
  const firstToken = first === 0 ? 1 : 0;
  const slice = { ids: tokens.ids.slice(first, t + 1), start: tokens.start.slice(first, t + 1) };
  return {
    tokens: { ...slice, end: tokens.end.slice(first, t + 1) },
    target: t - first,
    firstToken,
    context: t - first - firstToken,
  };
}
