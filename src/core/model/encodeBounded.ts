/**
 * @file Tokenization with bounded work: the text is refused by bytes before it is tokenized, then
 * encoded in pieces cut where the tokenizer's pre-tokens end (see {@link Chunking}), with a turn of
 * the event loop between pieces, and stopped as soon as the token limit is passed. A tokenizer that
 * cannot be cut encodes the whole text at once, which the byte limit keeps small.
 */
import { throwIfCancelled } from '../errors';
import type { Chunking } from './byteLevel';
import { nextTurn } from './pacing';
import { refuseLargeText, tooManyTokens } from './textLimits';
import type { SpanTokenizer, TokenSpan } from './tokenizer';

/** UTF-16 units encoded per piece: a few milliseconds of tokenizing. */
export const CHUNK_CHARS = 8192;

/** Options of {@link encodeBounded}. */
export interface BoundedEncodeOptions {
  /** Refuse texts with more tokens than this (and more bytes than 16 per token). */
  readonly maxTokens: number;
  readonly signal?: AbortSignal;
  /** UTF-16 units per piece. @default {@link CHUNK_CHARS} */
  readonly chunkChars?: number;
  /** The error of a text with too many tokens. @default {@link tooManyTokens} */
  readonly tooLong?: (maxTokens: number) => Error;
}

/** Ids and source ranges of `text`, as `tokenizer.encode` gives them, or a `too-long` or `cancelled` error. */
export async function encodeBounded(
  tokenizer: SpanTokenizer,
  text: string,
  options: BoundedEncodeOptions,
): Promise<TokenSpan[]> {
  refuseLargeText(text, options.maxTokens);
  if (tokenizer.encodeAsync !== undefined) {
    const all = await tokenizer.encodeAsync(text, options.signal);
    if (all.length > options.maxTokens) throw (options.tooLong ?? tooManyTokens)(options.maxTokens);
    return all;
  }
  const spans: TokenSpan[] = [];
  for (const [from, to] of chunkRanges(text, tokenizer.chunking, options.chunkChars ?? CHUNK_CHARS)) {
    throwIfCancelled(options.signal);
    for (const s of tokenizer.encode(text.slice(from, to))) {
      spans.push(from === 0 ? s : { id: s.id, start: s.start + from, end: s.end + from });
    }
    if (spans.length > options.maxTokens) throw (options.tooLong ?? tooManyTokens)(options.maxTokens);
    if (to < text.length) await nextTurn();
  }
  return spans;
}

/** Ids and ranges of a short text (a separator, an answer) from any tokenizer: a remote model's through its server. */
export async function encodeText(tokenizer: SpanTokenizer, text: string, signal?: AbortSignal): Promise<TokenSpan[]> {
  return tokenizer.encodeAsync === undefined ? tokenizer.encode(text) : tokenizer.encodeAsync(text, signal);
}

/** `[from, to)` pieces covering `text`, each about `size` units long, cut only where `chunking` allows. */
export function* chunkRanges(text: string, chunking: Chunking | undefined, size: number): Generator<[number, number]> {
  let from = 0;
  while (from < text.length) {
    const to = chunking === undefined ? text.length : cutAfter(text, from + Math.max(1, size), chunking);
    yield [from, to];
    from = to;
  }
}

/** The first cut at or after `at` (the text's end when there is none). */
function cutAfter(text: string, at: number, chunking: Chunking): number {
  for (let i = at; i < text.length; i++) if (canCut(text, i, chunking)) return i;
  return text.length;
}

const space = (c: string | undefined): boolean => c !== undefined && /\s/u.test(c);

function canCut(text: string, i: number, chunking: Chunking): boolean {
  const before = text[i - 1];
  const after = text[i];
  if (chunking === 'anywhere') return space(before) || space(after);
  // A whitespace run is one pre-token or two depending on what follows it: never cut after one (or inside it).
  if (before === '\n') return !space(after) && text[i - 2] !== undefined && !space(text[i - 2]);
  return after === ' ' && before !== undefined && !space(before) && /\p{L}/u.test(text[i + 1] ?? '');
}
