/** @file Text shown for results: summaries and numbers of bits (tokens are shown with `showToken`). */
import type { SurprisalResult } from '../../src/shared/surprisal';

/** Bits with two decimals, e.g. `3.21 bits`. */
export function formatBits(bits: number): string {
  return `${bits.toFixed(2)} bits`;
}

/** A probability as a percentage, e.g. `42.0%`. */
export function formatProbability(p: number): string {
  return `${(p * 100).toFixed(1)}%`;
}

/** The one-line summary, e.g. `sample.ts · lens-lm on cpu · 412 tokens · 2.345 bits/byte`. */
export function summaryText(result: SurprisalResult, source: string): string {
  const n = result.tokens.length;
  return [
    source,
    `${result.model} on ${result.device}`,
    `${n} ${n === 1 ? 'token' : 'tokens'}`,
    `${result.bitsPerByte.toFixed(3)} bits/byte`,
  ].join(' · ');
}

/** The summary line's help: what bits per byte measures and how to read it. */
export const BITS_PER_BYTE_HELP =
  'bits/byte: the surprisal of the whole text divided by its size in UTF-8 bytes. Lower means the model ' +
  'found the text more predictable; 8 would be no better than guessing each byte at random.';
