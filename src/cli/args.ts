/**
 * @file The command line's parsing, shared by the CLI and the fuzz suite's in-process runner: the options every
 * command takes, finding the command named by the first words, and its options parsed strictly into `CliArgs`.
 */
import { parseArgs } from 'node:util';
import { clipMessage, LensError } from '../core/errors';
import { DEFAULT_MAX_FILE_MB, defaultMaxTokens, mebibytes } from '../core/text/fileSize';
import { DEVICE_SETTINGS, quote, type DeviceSetting } from '../shared/schema';
import type { CliArgs, CliCommand, ParseArgsOptionsConfig } from './command';
import { CLI_COMMANDS } from './registry';

/** The options every command takes. */
export const COMMON_OPTIONS: ParseArgsOptionsConfig = {
  model: { type: 'string' },
  device: { type: 'string', default: 'auto' },
  'max-tokens': { type: 'string' },
  json: { type: 'boolean', default: false },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

/** The command named by the first one or two words, if any. */
export function findCommand(words: readonly string[]): CliCommand | undefined {
  const two = words.slice(0, 2).join(' ');
  return CLI_COMMANDS.find((c) => c.name === two) ?? CLI_COMMANDS.find((c) => c.name === words[0]);
}

function parse(argv: readonly string[], options: ParseArgsOptionsConfig): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options, strict: true });
  } catch (error) {
    const text = (error instanceof Error ? error.message : String(error)).split(/\.\s/u)[0] ?? '';
    const quoted = text.replace(/'([^']*)'/gu, (_, value: string) => `'${quote(value)}'`);
    throw new LensError('bad-input', `${clipMessage(quoted, 240)}. Run "model-lens --help" for the options.`);
  }
}

function argsOf(values: Record<string, string | boolean | undefined>, positionals: string[]): CliArgs {
  const device = String(values['device']);
  const maxTokens = Number(values['max-tokens'] ?? defaultMaxTokens(mebibytes(DEFAULT_MAX_FILE_MB)));
  if (!(DEVICE_SETTINGS as readonly string[]).includes(device)) {
    throw new LensError('bad-input', `--device must be one of ${DEVICE_SETTINGS.join(', ')}, not "${quote(device)}".`);
  }
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new LensError('bad-input', `--max-tokens must be a positive integer, not "${quote(values['max-tokens'])}".`);
  }
  const model = values['model'];
  return {
    positionals,
    values,
    model: typeof model === 'string' ? model : 'lens-lm',
    modelGiven: typeof model === 'string',
    device: device as DeviceSetting,
    maxTokens,
    out: typeof values['out'] === 'string' ? values['out'] : undefined,
  };
}

/** `argv` parsed strictly for `command` (its options and the common ones): the raw values and the `CliArgs`. */
export function commandArgs(
  argv: readonly string[],
  command: CliCommand,
): { values: Record<string, string | boolean | undefined>; args: CliArgs } {
  const parsed = parse(argv, { ...COMMON_OPTIONS, ...command.options });
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return { values, args: argsOf(values, parsed.positionals.slice(command.name.split(' ').length)) };
}
