/**
 * @file `model-lens trees …`: train, generate with, trace and compare decision-tree LMs, and run the
 * automaton demos. Each subcommand runs one request of the engine's trees toolkit.
 */
import { basename } from 'node:path';
import { LensError } from '../../core/errors';
import {
  TREE_FEATURE_MODELS,
  TREE_FEATURES,
  TREE_LEARNERS,
  TREE_TRAINING,
  treesAutomataRequest,
  treesCompareRequest,
  treesGenerateRequest,
  treesTraceRequest,
  treesTrainRequest,
  type TreeModelRef,
} from '../../shared/trees';
import type { CliArgs, CliCommand, ParseArgsOptionsConfig } from '../command';
import { choiceOption, intOption, offsetOf, readInput } from '../input';
import { automataText, compareText, trainText, traceText } from './text';

const TRAINING: ParseArgsOptionsConfig = {
  window: { type: 'string' },
  learner: { type: 'string' },
  depth: { type: 'string' },
  'min-leaf': { type: 'string' },
};

function flag(args: CliArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

function bounded(args: CliArgs, name: string, b: { default: number; min: number; max: number }): number {
  return intOption(name, flag(args, name), b.default, b.min, b.max);
}

async function sources(files: readonly string[]): Promise<{ name: string; text: string }[]> {
  if (files.length === 0) {
    throw new LensError('bad-input', 'Name the files to train on: model-lens trees train <files…> --out model.json');
  }
  return Promise.all(files.map(async (f) => ({ name: f, text: await readInput(f) })));
}

async function training(args: CliArgs) {
  return {
    sources: await sources(args.positionals),
    learner: choiceOption('learner', flag(args, 'learner'), TREE_LEARNERS),
    window: bounded(args, 'window', TREE_TRAINING.window),
    depth: bounded(args, 'depth', TREE_TRAINING.depth),
    minLeaf: bounded(args, 'min-leaf', TREE_TRAINING.minLeaf),
  };
}

function savedModel(args: CliArgs): TreeModelRef {
  if (!args.modelGiven) {
    throw new LensError(
      'bad-input',
      'Name the tree model: --model model.json (written by "model-lens trees train --out").',
    );
  }
  return { from: 'file', path: args.model };
}

function temperature(args: CliArgs): number {
  const text = flag(args, 'temperature') ?? '0';
  const t = Number(text);
  if (!Number.isFinite(t) || t < 0)
    throw new LensError('bad-input', `--temperature must be a number ≥ 0, not "${text}".`);
  return t;
}

/** `trees train`: trains on files; `--out model.json` writes the model file. */
export const treesTrainCli: CliCommand = {
  name: 'trees train',
  usage: `trees train <files…> [--window 16] [--learner ${TREE_LEARNERS.join('|')}] [--depth 16] [--min-leaf 2]
                     [--features ${TREE_FEATURES.join('|')}] [--feature-model ${TREE_FEATURE_MODELS.join('|')}]
                     --out model.json
                     train a decision-tree LM on the files' text (--feature-model: whose hidden states
                     --features hidden reads; a BPE model's from the last word break)`,
  options: { ...TRAINING, features: { type: 'string' }, 'feature-model': { type: 'string' } },
  async run(args, engine) {
    const features = choiceOption('features', flag(args, 'features'), TREE_FEATURES);
    const featureModel = choiceOption('feature-model', flag(args, 'feature-model'), TREE_FEATURE_MODELS);
    const out = args.out !== undefined ? { out: args.out } : {};
    const params = { ...(await training(args)), features, featureModel, skipped: [], ...out };
    const result = await engine.run(treesTrainRequest, params);
    return { result, text: trainText(result, args.out), wroteOut: args.out !== undefined };
  },
};

/** `trees generate`: continues a prompt with a saved model. */
export const treesGenerateCli: CliCommand = {
  name: 'trees generate',
  usage: 'trees generate --model model.json --prompt "…" [--tokens 64] [--temperature 0] [--seed 1]',
  options: {
    prompt: { type: 'string' },
    tokens: { type: 'string' },
    temperature: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(args, engine) {
    const params = {
      tree: savedModel(args),
      prompt: flag(args, 'prompt') ?? '',
      maxTokens: intOption('tokens', flag(args, 'tokens'), 64, 1, 100_000),
      temperature: temperature(args),
      seed: intOption('seed', flag(args, 'seed'), 1, 0, 2 ** 31),
    };
    const result = await engine.run(treesGenerateRequest, params);
    return { result, text: `${result.prompt}${result.text}\n` };
  },
};

/** `trees trace`: the path each tree took to predict the token at LINE:COL. */
export const treesTraceCli: CliCommand = {
  name: 'trees trace',
  usage: `trees trace <file> --at LINE:COL --model model.json [--json | --out report.html]
                     the path each tree took to predict the token at LINE:COL (1-based)`,
  options: { at: { type: 'string' } },
  async run(args, engine) {
    const tree = savedModel(args);
    const file = args.positionals[0];
    const text = await readInput(file);
    const source = basename(file ?? '');
    const result = await engine.run(treesTraceRequest, { tree, text, at: offsetOf(text, flag(args, 'at')), source });
    const title = `Model Lens · decision-tree trace · ${source}`;
    return { result, text: traceText(result), report: { view: 'trees', kind: treesTraceRequest.name, source, title } };
  },
};

/** `trees compare`: held-out accuracy of tree LMs on each feature set beside lens-lm. */
export const treesCompareCli: CliCommand = {
  name: 'trees compare',
  usage: `trees compare <files…> --held-out <file>
                     held-out next-token accuracy of token trees, hidden-state trees and lens-lm`,
  options: { ...TRAINING, 'held-out': { type: 'string' } },
  async run(args, engine) {
    const heldOut = flag(args, 'held-out');
    if (heldOut === undefined) throw new LensError('bad-input', 'Name the held-out text: --held-out <file>.');
    const heldOutText = { name: heldOut, text: await readInput(heldOut) };
    const result = await engine.run(treesCompareRequest, { ...(await training(args)), heldOut: heldOutText });
    return { result, text: compareText(result) };
  },
};

/** `trees automata`: parity and mod-3 counters with and without chain of thought. */
export const treesAutomataCli: CliCommand = {
  name: 'trees automata',
  usage: 'trees automata       parity and mod-3 counters with and without chain of thought',
  async run(_args, engine) {
    const result = await engine.run(treesAutomataRequest, {});
    return { result, text: automataText(result.rows) };
  },
};

/** Every `trees` command. */
export const TREES_COMMANDS: readonly CliCommand[] = [
  treesTrainCli,
  treesGenerateCli,
  treesTraceCli,
  treesCompareCli,
  treesAutomataCli,
];
