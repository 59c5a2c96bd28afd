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
  /** True when --model was given (otherwise positions picks the model of its task). */
  readonly modelGiven: boolean;
  readonly device: DeviceSetting;
  readonly maxTokens: number;
  readonly json: boolean;
  readonly out: string | undefined;
  readonly help: boolean;
  /** Every positional after the analysis name. */
  readonly positionals: readonly string[];
  /** Options of the commands still parsed here, as given (validated by each command). */
  readonly trees: Readonly<Record<string, string | undefined>>;
}

/** Usage text printed by --help. */
export const USAGE = `Usage: model-lens <analysis> <file> [options]

Analyses:
  surprisal <file>     bits of surprisal of every token given those before it
  lora --base lora-base --adapters <dir>,<dir> --data <target.jsonl> [--dev <dev.jsonl>] [--mix <dir>]
       [--methods cat,peft_cat,linear,ties,dare_linear,dare_ties,svd] [--weights 1,1] [--density 0.75]
                       compose adapters: score the base, each adapter, the data mix and every merge
                       (cat = CAT with per-layer weights learned on the dev split; default dev:
                       dev.jsonl beside the data file) — exact match, loss, CAT weights, conflicts
  lora merge --adapters <dir>,<dir> --method linear|cat|svd|ties|dare_linear|dare_ties|magnitude_prune|task_arithmetic
             [--weights 0.5,0.5] [--density 0.75] [--rank N] --out <new dir>
                       merge PEFT LoRA adapters and write the result as a PEFT adapter
                       (--method cat --dev <dev.jsonl>: learn CAT weights first, then write)
  lora stats --adapters <dir>,<dir>   per-layer cosine of the adapters' updates and TIES sign conflicts
  lora eval --base lora-base --adapters <dir>,<dir> --data <task.jsonl> [--method base,each,cat,linear,ties] [--weights …]
                       exact match and loss of the base, each adapter and each merge on a task

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
        model: { type: 'string' },
        device: { type: 'string', default: 'auto' },
        'max-tokens': { type: 'string', default: '16384' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        seed: { type: 'string' },
        at: { type: 'string' },
        method: { type: 'string' },
        adapters: { type: 'string' },
        base: { type: 'string' },
        data: { type: 'string' },
        weights: { type: 'string' },
        density: { type: 'string' },
        rank: { type: 'string' },
        methods: { type: 'string' },
        mix: { type: 'string' },
        dev: { type: 'string' },
        'cat-steps': { type: 'string' },
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
    model: v.model ?? 'lens-lm',
    modelGiven: v.model !== undefined,
    device: v.device as DeviceSetting,
    maxTokens,
    json: v.json,
    out: v.out,
    help: v.help,
    positionals: parsed.positionals.slice(1),
    trees: {
      methods: v.methods, mix: v.mix, dev: v.dev, catSteps: v['cat-steps'],
    },
  };
}
