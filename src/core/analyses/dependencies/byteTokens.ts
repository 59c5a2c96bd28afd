/**
 * @file Token ids of a byte-level model (one token per UTF-8 byte, after a BOS) with the UTF-16
 * source range of each token, so a position can be shown as line:col or marked in the editor.
 */
import { requireText } from '../../text/decodeText';
import { utf8Offsets } from '../../text/utf8Offsets';

/** Ids and source ranges; index 0 is the BOS, whose range is empty at `offset`. */
export interface ByteTokens {
  readonly ids: Int32Array;
  /** UTF-16 start of token t in the document (a byte inside a character covers the whole character). */
  readonly start: Uint32Array;
  /** UTF-16 end (exclusive) of token t in the document. */
  readonly end: Uint32Array;
}

/**
 * Encodes `text` as [BOS, byte0, byte1, …] with source ranges shifted by `offset` (the text's
 * offset in its document, for a selection). Throws `empty-input` for empty text.
 */
export function byteTokens(text: string, bosId: number, offset = 0): ByteTokens {
  requireText(text);
  const bytes = new TextEncoder().encode(text);
  const map = utf8Offsets(text);
  const n = bytes.length + 1;
  const ids = new Int32Array(n);
  const start = new Uint32Array(n).fill(offset);
  const end = new Uint32Array(n).fill(offset);
  ids[0] = bosId;
  for (let i = 0; i < bytes.length; i++) {
    ids[i + 1] = bytes[i] ?? 0;
    start[i + 1] = (map.charStart[i] ?? 0) + offset;
    end[i + 1] = (map.charEnd[i] ?? 0) + offset;
  }
  return { ids, start, end };
}
