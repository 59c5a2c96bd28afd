/**
 * @file How a token reads wherever it is shown (views, hovers, the CLI): its text as it stands in the
 * file, never escaped or case-transformed, with only the invisible made visible: a line break is `↵`, a tab
 * `⇥`, a carriage return `␍`, other control characters `<0x07>`, and a token of spaces only shows them as `␣`.
 * A byte that is not a whole character (a byte-level model's piece of `é`) reads `<0xC3>`.
 */

const VISIBLE: Readonly<Record<string, string>> = { '\n': '↵', '\r': '␍', '\t': '⇥' };

/** A byte as a token that is not a whole character, e.g. `<0xE2>`. */
export function byteToken(byte: number): string {
  return `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
}

/** A token's text as shown, at most `max` characters (a longer one ends in `…`). */
export function showToken(text: string, max = 40): string {
  // eslint-disable-next-line no-control-regex
  let shown = text.replace(/[\u0000-\u001f\u007f]/gu, (c) => VISIBLE[c] ?? byteToken(c.charCodeAt(0)));
  if (/^ +$/u.test(shown)) shown = shown.replace(/ /gu, '␣');
  return clipText(shown, Math.max(2, max));
}

/** `text` cut to at most `max` characters, the last one `…` when cut (never inside a surrogate pair). */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : text;
}

/**
 * A token's shown text (already made readable by `showToken`) in quotes that it does not contain: `"("`, but
 * `'"'` for a double quote and `` `'"` `` for a token with both, so a quote token never reads as `"""`.
 */
export function quoteToken(text: string): string {
  const mark = !text.includes('"') ? '"' : !text.includes("'") ? "'" : '`';
  return `${mark}${text}${mark}`;
}
