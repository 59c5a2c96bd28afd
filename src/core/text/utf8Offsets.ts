/**
 * @file Maps UTF-8 byte offsets of a string to UTF-16 code-unit offsets (VS Code offsets).
 */

/** For each UTF-8 byte of `text`, the UTF-16 offset where its character starts and ends. */
export interface ByteToUtf16 {
  /** Number of UTF-8 bytes. */
  readonly length: number;
  /** UTF-16 offset of the start of the character holding byte i. */
  readonly charStart: Uint32Array;
  /** UTF-16 offset just after the character holding byte i. */
  readonly charEnd: Uint32Array;
}

/** Builds the byte → UTF-16 map of a string (surrogate pairs count as two code units). */
export function utf8Offsets(text: string): ByteToUtf16 {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) ?? 0;
    const units = cp > 0xffff ? 2 : 1;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) {
      starts.push(i);
      ends.push(i + units);
    }
    i += units;
  }
  return { length: starts.length, charStart: Uint32Array.from(starts), charEnd: Uint32Array.from(ends) };
}
