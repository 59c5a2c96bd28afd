/**
 * @file Command-line arguments of `model-lens`.
 */
import { parseArgs } from 'node:util';
import { LensError } from '../core/errors';
import type { DeviceSetting } from '../shared/results';

/** Parsed options shared by every analysis. */
export interface CliOptions {
  readonly command: string;
  readonly file: string | undefined;
  readonly model: string;
  readonly device: DeviceSetting;
  readonly maxTokens: number;
  readonly json: boolean;
  readonly out: string | undefined;
  readonly help: boolean;
}

/** Usage text printed by --help. */
export const USAGE = `Usage: model-lens <analysis> <file> [options]

Analyses:
  surprisal <file>     bits of surprisal of every token given those before it

Options:
  --model <m>          embedded model name, .onnx file or folder, or hub id (default: lens-lm)
  --device <d>         auto | cpu | webgpu | cuda (default: auto)
  --max-tokens <n>     refuse inputs longer than this many tokens (default: 16384)
  --json               print the result as JSON
  --out <file>         write a self-contained report (.html) or the JSON result (.json)
  -h, --help           show this help

Exit codes: 0 success, 2 bad input or a model problem (the message says what to do).`;

const DEVICES = ['auto', 'cpu', 'webgpu', 'cuda'];

/** Parses argv (without node and the script); throws `bad-input` with the usage on mistakes. */
export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        model: { type: 'string', default: 'lens-lm' },
        device: { type: 'string', default: 'auto' },
        'max-tokens': { type: 'string', default: '16384' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new LensError('bad-input', `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const v = parsed.values;
  const maxTokens = Number(v['max-tokens']);
  if (!DEVICES.includes(v.device)) throw new LensError('bad-input', `--device must be one of ${DEVICES.join(', ')}, not "${v.device}".`);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new LensError('bad-input', `--max-tokens must be a positive integer, not "${v['max-tokens']}".`);
  return {
    command: parsed.positionals[0] ?? '',
    file: parsed.positionals[1],
    model: v.model,
    device: v.device as DeviceSetting,
    maxTokens,
    json: v.json,
    out: v.out,
    help: v.help,
  };
}
