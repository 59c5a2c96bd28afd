/** @file Text shown for tokens and results: summaries, visible whitespace, numbers of bits. */
import type { SurprisalResult } from '../../src/shared/surprisal';

/** Token text with whitespace made visible (`·` space, `→` tab, `⏎` newline), for titles and tooltips. */
export function visibleText(text: string): string {
  return text.replace(/ /g, '·').replace(/\t/g, '→').replace(/\r?\n/g, '⏎');
}

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
