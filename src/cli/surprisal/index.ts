/**
 * @file `model-lens surprisal <file>`: bits of surprisal of every token given those before it.
 */
import { basename } from 'node:path';
import { surprisalRequest, type SurprisalResult } from '../../shared/surprisal';
import type { CliCommand } from '../command';
import { readInput, tokenLimit } from '../input';

/** One line per fact: model, device, bits per byte, and the ten most surprising tokens. */
export function summarise(result: SurprisalResult, file: string): string {
  const bpb = result.bitsPerByte.toFixed(3);
  const lines = [
    `${file}: ${result.tokens.length} tokens, ${bpb} bits/byte (${result.model} on ${result.device}, window ` +
      `${result.window})`,
    'Most surprising tokens:',
  ];
  const ranked = result.tokens
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.surprisal - a.t.surprisal)
    .slice(0, 10);
  for (const { t, i } of ranked) {
    lines.push(`  #${i}  ${t.surprisal.toFixed(2).padStart(6)} bits  ${JSON.stringify(t.text)} at ${t.start}-${t.end}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The surprisal command. */
export const surprisalCli: CliCommand = {
  name: 'surprisal',
  usage: 'surprisal <file>     bits of surprisal of every token given those before it',
  async run(args, engine) {
    const file = args.positionals[0];
    const text = await readInput(file, '', tokenLimit(args.maxTokens));
    const params = { text, offset: 0, maxTokens: args.maxTokens, model: args.model, device: args.device };
    const result = await engine.run(surprisalRequest, { ...params, allowLocalFiles: true });
    const source = basename(file ?? '');
    return {
      result,
      text: summarise(result, file ?? ''),
      report: { view: 'surprisal', kind: surprisalRequest.name, source, title: `Model Lens · surprisal · ${source}` },
    };
  },
};
