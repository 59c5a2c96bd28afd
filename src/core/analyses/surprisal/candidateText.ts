/**
 * @file The text of a predicted token as a person should read it: whole characters as text, and the bytes of a
 * character the token holds only part of (a byte-level model predicting the first byte of `é`) as `<0xC3>`,
 * where the tokenizer's decoder would give the unreadable U+FFFD.
 */
import { byteToken } from '../../../shared/tokenText';
import type { SpanTokenizer } from '../../model/tokenizer';

const strict = new TextDecoder('utf-8', { fatal: true });

/** Length of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** UTF-8 bytes as text: valid characters as they are, every byte of a broken or cut sequence as `<0xHH>`. */
export function bytesText(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const n = sequenceLength(bytes[i] ?? 0);
    let char: string | undefined;
    if (n > 0 && i + n <= bytes.length) {
      try {
        char = strict.decode(bytes.subarray(i, i + n));
      } catch {
        char = undefined;
      }
    }
    out += char ?? byteToken(bytes[i] ?? 0);
    i += char === undefined ? 1 : n;
  }
  return out;
}

/** The text of token `id`: the decoder's, unless that holds U+FFFD and the tokenizer knows the token's bytes. */
export function candidateText(tokenizer: SpanTokenizer, id: number): string {
  const text = tokenizer.decode([id]);
  if (!text.includes('\uFFFD')) return text;
  const bytes = tokenizer.bytesOf?.(id);
  return bytes === undefined ? text : bytesText(bytes);
}
