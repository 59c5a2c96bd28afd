/**
 * @file `model-lens lora` (compose adapters and score every configuration on a task), `lora merge`
 * (merge PEFT adapters and write the result as a PEFT adapter), `lora stats` (per-layer cosines and
 * TIES sign conflicts) and `lora eval` (exact match and loss of the base, each adapter and merges).
 * Each runs the engine's handler of its request kind.
 */
import { basename } from 'node:path';
import { LensError } from '../../core/errors';
import {
  COMPOSE_METHODS,
  DEFAULT_COMPOSE_METHODS,
  DEFAULT_DENSITY,
  LORA_EVAL_CONFIGS,
  LORA_MERGE_METHODS,
  learnsCat,
  loraComposeRequest,
  loraEvalRequest,
  loraMergeRequest,
  loraStatsRequest,
} from '../../shared/lora';
import type { CliArgs, CliCommand } from '../command';
import { choiceOption, intOption } from '../input';
import {
  choicesOption,
  densityOption,
  devPath,
  listOption,
  LORA_OPTIONS,
  stringOption,
  taskDataOption,
  weightsOption,
} from './options';
import { composeText, evalText, mergeText, statsText } from './text';

const adaptersOf = (args: CliArgs): string[] => listOption('adapters', stringOption(args, 'adapters'));
const evenly = (n: number): number[] => new Array<number>(n).fill(1 / n);

function composeMethods(args: CliArgs, hasDev: boolean): (typeof COMPOSE_METHODS)[number][] {
  const given = stringOption(args, 'methods');
  if (given === undefined) return DEFAULT_COMPOSE_METHODS.filter((m) => hasDev || !learnsCat(m));
  return choicesOption('methods', given, COMPOSE_METHODS, 'composition method');
}

async function composeParams(args: CliArgs) {
  const sub = args.positionals[0];
  if (sub !== undefined && sub !== 'compose') {
    throw new LensError('bad-input', `Unknown lora command "${sub}": use merge, eval or stats (or none, to compose).`);
  }
  const dev = devPath(args);
  const adapters = adaptersOf(args);
  const weights = stringOption(args, 'weights') === undefined ? undefined : weightsOption(args, adapters.length, []);
  const density = densityOption(args);
  const catSteps = stringOption(args, 'cat-steps');
  const mix = stringOption(args, 'mix');
  return {
    base: stringOption(args, 'base') ?? 'lora-base',
    adapters,
    methods: composeMethods(args, dev !== undefined),
    data: await taskDataOption(stringOption(args, 'data'), 'data', args),
    allowLocalFiles: true,
    ...(dev !== undefined ? { dev: await taskDataOption(dev, 'dev', args) } : {}),
    ...(mix !== undefined ? { mix } : {}),
    ...(weights !== undefined ? { weights } : {}),
    ...(density !== undefined ? { density } : {}),
    ...(catSteps !== undefined ? { catSteps: intOption('cat-steps', catSteps, 30, 1, 10_000) } : {}),
  };
}

/** `lora --base … --adapters … --data … [--dev …] [--mix …] [--methods …]`: the composition table. */
export const loraComposeCli: CliCommand = {
  name: 'lora',
  usage: `lora --base lora-base --adapters <dir>,<dir> --data <target.jsonl> [--dev <dev.jsonl>] [--mix <dir>]
     [--methods cat,peft_cat,linear,ties,dare_linear,dare_ties,svd] [--weights 1,1] [--density 0.75] [--cat-steps 30]
                     compose adapters: score the base, each adapter, the data mix and every merge
                     (cat = CAT with per-layer weights learned on the dev split; default dev:
                     dev.jsonl beside the data file) — exact match, loss, CAT weights, conflicts`,
  options: {
    ...LORA_OPTIONS,
    base: { type: 'string' },
    data: { type: 'string' },
    dev: { type: 'string' },
    mix: { type: 'string' },
    methods: { type: 'string' },
    'cat-steps': { type: 'string' },
  },
  async run(args, engine) {
    const result = await engine.run(loraComposeRequest, await composeParams(args));
    const source = basename(result.data.source);
    const title = `Model Lens · LoRA composition · ${source}`;
    return {
      result,
      text: composeText(result),
      report: { view: 'lora', kind: loraComposeRequest.name, source, title },
    };
  },
};

/** `--method cat` with `--dev` learns CAT weights first; without, it is PEFT's cat (weights as given). */
async function mergeParams(args: CliArgs, adapters: readonly string[], out: string) {
  const method = choiceOption('method', stringOption(args, 'method') ?? 'linear', LORA_MERGE_METHODS);
  const dev = method === 'cat' ? stringOption(args, 'dev') : undefined;
  const density = densityOption(args);
  const rank = stringOption(args, 'rank');
  const base = stringOption(args, 'base');
  return {
    adapters,
    method: method !== 'cat' ? method : dev !== undefined ? ('cat' as const) : ('peft_cat' as const),
    out,
    allowLocalFiles: true,
    ...(dev !== undefined ? { dev: await taskDataOption(dev, 'dev', args) } : {}),
    ...(dev !== undefined && base !== undefined ? { base } : {}),
    weights: weightsOption(args, adapters.length, evenly(adapters.length)),
    ...(density !== undefined ? { density } : {}),
    ...(rank !== undefined ? { rank: intOption('rank', rank, 8, 1, 100_000) } : {}),
  };
}

/** `lora merge --adapters … --method … [--weights] [--density] [--rank] [--dev dev.jsonl] --out <dir>`. */
export const loraMergeCli: CliCommand = {
  name: 'lora merge',
  usage: `lora merge --adapters <dir>,<dir>
           --method linear|cat|svd|ties|dare_linear|dare_ties|magnitude_prune|task_arithmetic
           [--weights 0.5,0.5] [--density 0.75] [--rank N] --out <new dir>
                     merge PEFT LoRA adapters and write the result as a PEFT adapter
                     (--method cat --dev <dev.jsonl> [--base lora-base]: learn CAT weights first, then write)`,
  options: {
    ...LORA_OPTIONS,
    method: { type: 'string' },
    rank: { type: 'string' },
    dev: { type: 'string' },
    base: { type: 'string' },
  },
  async run(args, engine) {
    const out = args.out;
    if (out === undefined) {
      throw new LensError(
        'bad-input',
        'Name a new folder for the merged adapter with --out (an existing folder is never overwritten).',
      );
    }
    const adapters = adaptersOf(args);
    const result = await engine.run(loraMergeRequest, await mergeParams(args, adapters, out));
    const method = stringOption(args, 'method') ?? 'linear';
    return { result, text: mergeText(result, adapters.length, method), wroteOut: true };
  },
};

/** `lora stats --adapters … [--density 0.75]`: per-layer cosines and TIES sign conflicts. */
export const loraStatsCli: CliCommand = {
  name: 'lora stats',
  usage:
    "lora stats --adapters <dir>,<dir> [--density 0.75]\n                     per-layer cosine of the adapters' " +
    'updates and TIES sign conflicts',
  options: LORA_OPTIONS,
  async run(args, engine) {
    const params = {
      adapters: adaptersOf(args),
      density: densityOption(args) ?? DEFAULT_DENSITY,
      allowLocalFiles: true,
    };
    const result = await engine.run(loraStatsRequest, params);
    return { result, text: statsText(result) };
  },
};

/** `lora eval --base … --adapters … --data … [--method base,each,cat,…] [--weights]`: exact match and loss. */
export const loraEvalCli: CliCommand = {
  name: 'lora eval',
  usage: `lora eval --base lora-base --adapters <dir>,<dir> --data <task.jsonl>
          [--method base,each,cat,linear,ties] [--weights …]
                     exact match and loss of the base, each adapter and each merge on a task`,
  options: { ...LORA_OPTIONS, base: { type: 'string' }, data: { type: 'string' }, method: { type: 'string' } },
  async run(args, engine) {
    const adapters = adaptersOf(args);
    const configs = choicesOption(
      'method',
      stringOption(args, 'method') ?? 'base,each,cat,linear,ties',
      LORA_EVAL_CONFIGS,
      'configuration',
    );
    const params = {
      base: stringOption(args, 'base') ?? 'lora-base',
      adapters,
      data: await taskDataOption(stringOption(args, 'data'), 'data', args),
      configs,
      weights: weightsOption(args, adapters.length, evenly(adapters.length)),
      allowLocalFiles: true,
    };
    const result = await engine.run(loraEvalRequest, params);
    return { result, text: evalText(result) };
  },
};

/** The LoRA commands, in the order --help lists them. */
export const LORA_CLI: readonly CliCommand[] = [loraComposeCli, loraMergeCli, loraStatsCli, loraEvalCli];
