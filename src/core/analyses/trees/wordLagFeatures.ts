/**
 * @file Hidden-state features of a BPE model for byte-level tree LMs. A BPE model has a state per token, not per
 * byte, and where a token ends can depend on bytes after it (a word may go on), so the state of the token a byte is
 * in would tell the tree about the bytes it predicts. Byte j (which predicts byte j+1) reads instead the state after
 * the last token that ends where the last whitespace run at or before j starts: GPT-2-style pre-tokenization never
 * lets a token cross into whitespace, so those tokens are fixed by bytes 0..j alone. Before any whitespace, byte j
 * reads the state after the BOS token.
 */
import type * as ort from 'onnxruntime-node';
import { encodeText } from '../../model/encodeBounded';
import { hiddenStates } from '../../model/hiddenStates';
import type { SpanTokenizer } from '../../model/tokenizer';

const isSpace = (b: number | undefined): boolean => b === 0x20 || (b !== undefined && b >= 0x09 && b <= 0x0d);

/**
 * For each byte j of `bytes`, the position (BOS = 0, token i = i) whose state it reads: the number of tokens that
 * end (`tokenEnds`, byte offsets, ascending) at or before the start of the last whitespace run at or before j.
 */
export function wordLagPositions(bytes: Uint8Array, tokenEnds: ArrayLike<number>): Int32Array {
  const out = new Int32Array(bytes.length);
  let runStart = -1;
  let k = 0;
  for (let j = 0; j < bytes.length; j++) {
    if (isSpace(bytes[j]) && !isSpace(bytes[j - 1])) runStart = j;
    while (k < tokenEnds.length && (tokenEnds[k] ?? Infinity) <= runStart) k++;
    out[j] = k;
  }
  return out;
}

/** Byte offset of the end of each span, from UTF-16 ends in `text`. */
export function byteEnds(text: string, ends: readonly number[]): Int32Array {
  const byteAt = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const high = c >= 0xd800 && c <= 0xdbff;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : high ? 4 : c >= 0xdc00 && c <= 0xdfff ? 0 : 3;
    byteAt[i + 1] = (byteAt[i] ?? 0) + size;
  }
  return Int32Array.from(ends, (e) => byteAt[e] ?? 0);
}

/** Options of {@link wordLagHiddenFeatures}. */
export interface WordLagOptions {
  readonly bos: number;
  /** Tokens per window (the model's context). */
  readonly window: number;
  /** The graph output holding the hidden state. */
  readonly output: string;
  readonly signal?: AbortSignal;
}

/** Rows [bytes.length × dim]: row j is the BPE model's hidden state that byte j reads (see the file comment). */
export async function wordLagHiddenFeatures(
  session: ort.InferenceSession,
  tokenizer: SpanTokenizer,
  bytes: Uint8Array,
  options: WordLagOptions,
): Promise<{ dense: Float32Array; dim: number }> {
  const text = new TextDecoder().decode(bytes);
  const spans = await encodeText(tokenizer, text, options.signal);
  const ids = [options.bos, ...spans.map((s) => s.id), options.bos];
  const { data, dim } = await hiddenStates(session, ids, {
    layer: 0,
    output: options.output,
    window: options.window,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  const positions = wordLagPositions(
    bytes,
    byteEnds(
      text,
      spans.map((s) => s.end),
    ),
  );
  const dense = new Float32Array(bytes.length * dim);
  positions.forEach((p, j) => dense.set(data.subarray(p * dim, (p + 1) * dim), j * dim));
  return { dense, dim };
}
