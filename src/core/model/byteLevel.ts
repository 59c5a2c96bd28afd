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
