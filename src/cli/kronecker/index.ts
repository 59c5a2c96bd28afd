/**
 * @file `model-lens kron`: Shampoo's preconditioner against the optimal Kronecker approximation of H, per layer,
 * for gradients read from a file (`--gradients`) or computed by a model on a text (`--model M --data F`), through
 * the engine's `kronAnalyze` handler. `--json` prints the first layer's cosines and power steps at the top level
 * beside the whole result.
 */
import { LensError } from '../../core/errors';
import {
  KRON_HNORM_MODES,
  KRON_LABEL_SOURCES,
  KRON_OPTIONS,
  kronAnalyzeRequest,
  type KronInput,
  type KronParams,
} from '../../shared/kronecker';
import { quote } from '../../shared/schema';
import type { CliArgs, CliCommand } from '../command';
import { choiceOption, fileLimit, intOption, maxFileBytes, readInput } from '../input';
import { kronText } from './text';

const flag = (args: CliArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
};

/** `--layer a,b` or `all` (or absent): the names, or undefined for every layer. */
export function layersFlag(value: string | undefined): string[] | undefined {
  if (value === undefined || value === 'all') return undefined;
  const names = value.split(',').map((s) => s.trim());
  if (names.some((s) => s === '') || names.length > KRON_OPTIONS.maxLayers)
    throw new LensError(
      'bad-input',
      `--layer must be "all" or layer names separated by commas, not "${quote(value)}".`,
    );
  return names;
}

function toleranceFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  const { min, max } = KRON_OPTIONS.tolerance;
  if (value.trim() === '' || !Number.isFinite(x) || x < min || x > max)
    throw new LensError('bad-input', `--tolerance must be a number from ${min} to ${max}, not "${quote(value)}".`);
  return x;
}

async function inputOf(args: CliArgs): Promise<KronInput> {
  const gradients = flag(args, 'gradients');
  const layers = layersFlag(flag(args, 'layer'));
  const data = flag(args, 'data') ?? args.positionals[0];
  if (gradients !== undefined) {
    if (args.modelGiven || data !== undefined)
      throw new LensError(
        'bad-input',
        'Give either --gradients <file>, or --model M with --data <text file>; not both.',
      );
    return { from: 'file', path: gradients, ...(layers === undefined ? {} : { layers }) };
  }
  // --data alone reads the text with the default model (lens-lm).
  if (!args.modelGiven && data === undefined)
    throw new LensError(
      'bad-input',
      'Give --gradients <file>, or --model M --data <text file>. See "model-lens --help".',
    );
  const text = await readInput(
    data,
    'Give the text with --data <file>.',
    fileLimit(maxFileBytes(undefined), args.maxTokens),
  );
  const e = KRON_OPTIONS.maxExamples;
  return {
    from: 'model',
    model: args.model,
    text,
    source: data ?? '',
    labels: choiceOption('labels', flag(args, 'labels'), KRON_LABEL_SOURCES),
    maxExamples: intOption('max-examples', flag(args, 'max-examples'), e.default, e.min, e.max),
    ...(layers === undefined ? {} : { layers }),
  };
}

/** The analysis's params from the flags. */
export async function kronParams(args: CliArgs): Promise<KronParams> {
  const { maxSteps, pairs, seed } = KRON_OPTIONS;
  const tolerance = toleranceFlag(flag(args, 'tolerance'));
  return {
    input: await inputOf(args),
    maxSteps: intOption('steps', flag(args, 'steps'), maxSteps.default, maxSteps.min, maxSteps.max),
    ...(tolerance === undefined ? {} : { tolerance }),
    hNorm: choiceOption('h-norm', flag(args, 'h-norm'), KRON_HNORM_MODES),
    pairs: intOption('pairs', flag(args, 'pairs'), pairs.default, pairs.min, pairs.max),
    seed: intOption('seed', flag(args, 'seed'), seed.default, seed.min, seed.max),
    allowLocalFiles: true,
  };
}

/** `kron --gradients <file> | --model M --data F [--layer L|all] [--labels sampled|true] ...`. */
export const kronCli: CliCommand = {
  name: 'kron',
  usage:
    'kron --gradients <file.json|file.safetensors> [--layer L|all] [--steps 100] [--tolerance 1e-10]\n' +
    '                     [--h-norm auto|exact|estimate] [--pairs 100000] [--seed 1]\n' +
    'kron --model lens-lm|kron-mlp|<folder> --data <text file> [--layer L|all] [--labels sampled|true]\n' +
    '                     [--max-examples 4096] (and the flags above)\n' +
    "                     Shampoo's preconditioner against the optimal Kronecker approximation of H (the\n" +
    '                     Gauss-Newton or Adagrad matrix of per-example gradients): cosines to H of the optimal\n' +
    '                     A⊗B (power iteration from (I, I)), of L⊗R (Shampoo²) and of L^½⊗R^½ (Shampoo)',
  options: {
    gradients: { type: 'string' },
    data: { type: 'string' },
    layer: { type: 'string' },
    labels: { type: 'string' },
    'max-examples': { type: 'string' },
    steps: { type: 'string' },
    tolerance: { type: 'string' },
    'h-norm': { type: 'string' },
    pairs: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(args, engine) {
    const result = await engine.run(kronAnalyzeRequest, await kronParams(args));
    const first = result.layers[0];
    const top = first && {
      cosOptimal: first.cosOptimal,
      cosShampooSquared: first.cosShampooSquared,
      cosShampoo: first.cosShampoo,
      powerSteps: first.powerSteps,
    };
    const title = `Model Lens · Kronecker preconditioner · ${result.source}`;
    return {
      result: { ...top, ...result },
      text: kronText(result),
      report: { view: 'kronecker', kind: kronAnalyzeRequest.name, source: result.source, title },
    };
  },
};
