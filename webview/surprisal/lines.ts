/**
 * @file The per-line summary of a surprisal result: each line's total and mean surprisal, and the most
 * surprising lines. Pure (no DOM): the text of each line is rebuilt from the tokens, each token counted on
 * the line it starts on.
 */
import type { SurprisalToken } from '../../src/shared/surprisal';

/** One line of the analysed text. */
export interface LineStat {
  /** 1-based line number, counted from the start of the analysed text. */
  readonly line: number;
  /** Document offsets of the line's text (its line break left out), for revealing it. */
  readonly start: number;
  readonly end: number;
  /** Index of the first token that starts on the line, and how many do. */
  readonly first: number;
  readonly tokens: number;
  /** Sum of the surprisal of the line's tokens, in bits. */
  readonly bits: number;
  /** `bits / tokens`. */
  readonly mean: number;
  /** The line's text. */
  readonly text: string;
}

interface Open {
  line: number;
  start: number;
  end: number;
  first: number;
  tokens: number;
  bits: number;
  text: string;
}

/** The text `token` adds past `covered` (tokens of one character share its text: it is counted once). */
function newText(token: SurprisalToken, covered: number): string {
  return token.start >= covered ? token.text : token.text.slice(covered - token.start);
}

function close(open: Open): LineStat {
  return { ...open, mean: open.tokens === 0 ? 0 : open.bits / open.tokens };
}

/** Every line the tokens cover, in order (a line with no token starting on it has 0 tokens). */
export function lineStats(tokens: readonly SurprisalToken[]): LineStat[] {
  const lines: LineStat[] = [];
  const at = tokens[0]?.start ?? 0;
  let open: Open = { line: 1, start: at, end: at, first: 0, tokens: 0, bits: 0, text: '' };
  let covered = at;
  tokens.forEach((token, i) => {
    if (open.tokens === 0) open.first = i;
    open.tokens++;
    open.bits += token.surprisal;
    const parts = newText(token, covered).split('\n');
    let offset = Math.max(covered, token.start);
    parts.forEach((part, p) => {
      if (p > 0) {
        lines.push(close(open));
        offset++;
        open = { line: open.line + 1, start: offset, end: offset, first: i + 1, tokens: 0, bits: 0, text: '' };
      }
      open.text += part;
      offset += part.length;
      open.end = offset - (part.endsWith('\r') && p < parts.length - 1 ? 1 : 0);
    });
    covered = Math.max(covered, token.end);
  });
  if (open.tokens > 0 || open.text !== '') lines.push(close(open));
  return lines.map((l) => ({ ...l, text: l.text.replace(/\r$/u, '') }));
}

/** The `n` lines with the most bits in all (lines of only blanks left out), most surprising first. */
export function topLines(lines: readonly LineStat[], n = 10): LineStat[] {
  return lines
    .filter((l) => l.tokens > 0 && l.text.trim() !== '')
    .sort((a, b) => b.bits - a.bits || a.line - b.line)
    .slice(0, n);
}
