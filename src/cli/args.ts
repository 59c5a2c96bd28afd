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
  /** True when --model was given (the trees toolkit needs a model file). */
  readonly modelGiven: boolean;
  readonly device: DeviceSetting;
  readonly maxTokens: number;
  readonly json: boolean;
  readonly out: string | undefined;
  readonly help: boolean;
  /** Every positional after the analysis name. */
  readonly positionals: readonly string[];
  /** Options of the trees toolkit, as given (validated by its command). */
  readonly trees: Readonly<Record<string, string | undefined>>;
}

/** Usage text printed by --help. */
export const USAGE = `Usage: model-lens <analysis> <file> [options]

Analyses:
  surprisal <file>     bits of surprisal of every token given those before it
  dependencies <file> [--at LINE:COL] [--method attention|ablation|both] [--p 0.9] [--k 32]
                       how many earlier tokens each prediction depends on, and which (attention
                       and ablation); per-head sparsity statistics
  positions "<problem>" [--task addition|multiplication|copy|reverse] [--offset N] [--method ppc|oracle|absolute] [--model M]
                       tokens of a problem with their coupled position IDs (position coupling) and,
                       for addition and copy, the answer of a positions model with the IDs it was fed
  length-probe --task addition|copy --max-length N [--samples 50] [--seed 1]
                       exact match against length of the ppc, coupled and absolute positions models
  turing <machine-file> --input "…" | --task addition --input "57+68" | <machine-file> --check <scratchpad>
                       a Turing-program scratchpad, or check one step by step
  trees train <files…> [--window 16] [--learner cart|boosted] [--depth 16] [--min-leaf 2]
                       [--features tokens|embedding|hidden] --out model.json
                       train a decision-tree LM on the files' text
  trees generate --model model.json --prompt "…" [--tokens 64] [--temperature 0] [--seed 1]
  trees trace <file> --at LINE:COL --model model.json [--json | --out report.html]
                       the path each tree took to predict the token at LINE:COL (1-based)
  trees compare <files…> --held-out <file>
                       held-out next-token accuracy of token trees, hidden-state trees and lens-lm
  trees automata       parity and mod-3 counters with and without chain of thought

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
        window: { type: 'string' },
        learner: { type: 'string' },
        depth: { type: 'string' },
        'min-leaf': { type: 'string' },
        features: { type: 'string' },
        prompt: { type: 'string' },
        tokens: { type: 'string' },
        temperature: { type: 'string' },
        seed: { type: 'string' },
        at: { type: 'string' },
        'held-out': { type: 'string' },
        method: { type: 'string' },
        task: { type: 'string' },
        offset: { type: 'string' },
        input: { type: 'string' },
        check: { type: 'string' },
        k: { type: 'string' },
        p: { type: 'string' },
        'max-length': { type: 'string' },
        samples: { type: 'string' },
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
      window: v.window, learner: v.learner, depth: v.depth, minLeaf: v['min-leaf'], features: v.features, prompt: v.prompt,
      tokens: v.tokens, temperature: v.temperature, seed: v.seed, at: v.at, heldOut: v['held-out'], method: v.method, k: v.k, p: v.p, task: v.task, offset: v.offset, input: v.input, check: v.check, maxLength: v['max-length'], samples: v.samples,
    },
  };
}
