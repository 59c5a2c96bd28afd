/**
 * @file `model-lens surprisal <file>`: bits of surprisal of every token given those before it.
 */
import { basename } from 'node:path';
import { surprisalRequest, type SurprisalResult } from '../../shared/surprisal';
import type { CliCommand } from '../command';
import { defaultMaxTokens } from '../../core/text/fileSize';
import { showToken } from '../../shared/tokenText';
import { fileLimit, maxFileBytes, readInput } from '../input';

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
    lines.push(`  #${i}  ${t.surprisal.toFixed(2).padStart(6)} bits  ${showToken(t.text)} at ${t.start}-${t.end}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The surprisal command. */
export const surprisalCli: CliCommand = {
  name: 'surprisal',
  usage:
    'surprisal <file>     bits of surprisal of every token given those before it\n' +
    '  [--max-file-size MB] refuse larger files before reading them (default 4)',
  options: { 'max-file-size': { type: 'string' } },
  async run(args, engine) {
    const file = args.positionals[0];
    const bytes = maxFileBytes(args.values['max-file-size']);
    const maxTokens = args.values['max-tokens'] === undefined ? defaultMaxTokens(bytes) : args.maxTokens;
    const text = await readInput(file, '', fileLimit(bytes, maxTokens));
    const params = { text, offset: 0, maxTokens, model: args.model, device: args.device };
    const result = await engine.run(surprisalRequest, { ...params, allowLocalFiles: true });
    const source = basename(file ?? '');
    return {
      result,
      text: summarise(result, file ?? ''),
      report: { view: 'surprisal', kind: surprisalRequest.name, source, title: `Model Lens · surprisal · ${source}` },
    };
  },
};
