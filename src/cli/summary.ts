/**
 * @file The human-readable summary the CLI prints when neither --json nor --out is given.
 */
import type { SurprisalResult } from '../shared/results';

/** One line per fact: model, device, bits per byte, and the ten most surprising tokens. */
export function summarise(result: SurprisalResult, file: string): string {
  const lines = [
    `${file}: ${result.tokens.length} tokens, ${result.bitsPerByte.toFixed(3)} bits/byte (${result.model} on ${result.device}, window ${result.window})`,
    'Most surprising tokens:',
  ];
  const ranked = result.tokens.map((t, i) => ({ t, i })).sort((a, b) => b.t.surprisal - a.t.surprisal).slice(0, 10);
  for (const { t, i } of ranked) {
    lines.push(`  #${i}  ${t.surprisal.toFixed(2).padStart(6)} bits  ${JSON.stringify(t.text)} at ${t.start}-${t.end}`);
  }
  return `${lines.join('\n')}\n`;
}
