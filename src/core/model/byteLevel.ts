/**
 * @file GPT-2's byte-level alphabet: each byte is shown as one printable character in token
 * strings. Knowing it lets us recover the exact bytes, hence the source range, of every token.
 */

/** True when a tokenizer.json uses the byte-level pre-tokenizer or decoder. */
export function isByteLevel(tokenizerJson: object): boolean {
  const json = JSON.stringify({
    pre: (tokenizerJson as { pre_tokenizer?: unknown }).pre_tokenizer ?? null,
    dec: (tokenizerJson as { decoder?: unknown }).decoder ?? null,
    norm: (tokenizerJson as { normalizer?: unknown }).normalizer ?? null,
  });
  return json.includes('"ByteLevel"') && !json.includes('"norm":{');
}

/**
 * Where a text may be cut so that its pieces, encoded one by one, give the tokens of the whole:
 * - `anywhere`: beside any whitespace (a byte-level BPE without merges: one token per byte);
 * - `words`: after a line break between two non-spaces, or before a space between a non-space and a letter
 *   (pre-token boundaries of the GPT-2 and Llama-3 split patterns, whatever follows; merges never cross them).
 */
export type Chunking = 'anywhere' | 'words';

/**
 * How a byte-level tokenizer.json may be chunked; undefined when it may not: not byte-level, a prefix space added
 * to every piece, an added token holding whitespace, or merges with no pre-token split.
 */
export function chunkingOf(tokenizerJson: object): Chunking | undefined {
  if (!isByteLevel(tokenizerJson)) return undefined;
  const json = tokenizerJson as { pre_tokenizer?: unknown; model?: { merges?: unknown }; added_tokens?: unknown };
  const pre = JSON.stringify(json.pre_tokenizer ?? null);
  if (pre.includes('"add_prefix_space":true') || pre.includes('"prepend_scheme"')) return undefined;
  const added = Array.isArray(json.added_tokens) ? (json.added_tokens as { content?: unknown }[]) : [];
  if (added.some((t) => typeof t.content !== 'string' || /\s/u.test(t.content))) return undefined;
  const merges = json.model?.merges;
  if (!Array.isArray(merges) || merges.length === 0) return 'anywhere';
  const regex = pre.includes('"ByteLevel"') && !pre.includes('"use_regex":false');
  return regex || pre.includes('"Split"') ? 'words' : undefined;
}

let table: Map<string, number> | undefined;

/** The byte-level alphabet: character → byte value. */
function alphabet(): Map<string, number> {
  if (table !== undefined) return table;
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Map<string, number>();
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (printable.includes(b)) map.set(String.fromCodePoint(b), b);
    else map.set(String.fromCodePoint(256 + extra++), b);
  }
  table = map;
  return map;
}

/** Returns a function mapping a byte-level token string to its bytes (special tokens as UTF-8). */
export function byteLevelDecoder(): (token: string) => Uint8Array {
  const map = alphabet();
  return (token) => {
    const chars = [...token];
    if (chars.every((c) => map.has(c))) return Uint8Array.from(chars, (c) => map.get(c) ?? 0);
    return new TextEncoder().encode(token);
  };
}
