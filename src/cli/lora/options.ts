/**
 * @file The LoRA commands' option values: comma-separated lists (checked against their closed sets),
 * weights, density, the task data files and the dev split found beside the data file.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { quote } from '../../shared/schema';
import { LensError } from '../../core/errors';
import type { TaskData } from '../../shared/lora';
import type { CliArgs, ParseArgsOptionsConfig } from '../command';
import { intOption, readInput } from '../input';

/** Options every LoRA command reads. */
export const LORA_OPTIONS: ParseArgsOptionsConfig = {
  adapters: { type: 'string' },
  weights: { type: 'string' },
  density: { type: 'string' },
  'max-items': { type: 'string' },
  'max-length': { type: 'string' },
};

/** A string option's value, if given. */
export function stringOption(args: CliArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A comma-separated list; empty or missing is refused. */
export function listOption(name: string, value: string | undefined): string[] {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new LensError('bad-input', `Give --${name} as a comma-separated list.`);
  return items;
}

/** A comma-separated list of words from a closed set; an unknown word is named with the choices. */
export function choicesOption<T extends string>(name: string, value: string, choices: readonly T[], what: string): T[] {
  return listOption(name, value).map((word) => {
    const hit = choices.find((c) => c === word);
    if (hit === undefined)
      throw new LensError('bad-input', `Unknown ${what} "${word}". Choose from: ${choices.join(', ')}.`);
    return hit;
  });
}

/** --weights: one finite number per adapter; `fallback` when not given. */
export function weightsOption(args: CliArgs, n: number, fallback: number[]): number[] {
  const given = stringOption(args, 'weights');
  if (given === undefined) return fallback;
  const weights = listOption('weights', given).map(Number);
  if (weights.length !== n || weights.some((w) => !Number.isFinite(w))) {
    throw new LensError('bad-input', `--weights needs one number per adapter (${n}).`);
  }
  return weights;
}

/** --density: the share of entries kept, above 0 and at most 1. */
export function densityOption(args: CliArgs): number | undefined {
  const given = stringOption(args, 'density');
  if (given === undefined) return undefined;
  const density = Number(given);
  if (given.trim() === '' || !Number.isFinite(density) || density <= 0 || density > 1) {
    throw new LensError('bad-input', `--density must be a number above 0 and at most 1, not "${quote(given)}".`);
  }
  return density;
}

/** --max-items and --max-length, when given: the limits of a task file. */
function taskLimits(args: CliArgs): Pick<TaskData, 'maxItems' | 'maxLength'> {
  const items = stringOption(args, 'max-items');
  const length = stringOption(args, 'max-length');
  return {
    ...(items !== undefined ? { maxItems: intOption('max-items', items, 0, 1, 10_000_000) } : {}),
    ...(length !== undefined ? { maxLength: intOption('max-length', length, 0, 1, 1_000_000) } : {}),
  };
}

/** Reads a JSONL task file given by --data or --dev, with the limits --max-items and --max-length give. */
export async function taskDataOption(path: string | undefined, flag: 'data' | 'dev', args: CliArgs): Promise<TaskData> {
  if (path === undefined) {
    const what = flag === 'data' ? 'target data' : 'dev data';
    throw new LensError(
      'bad-input',
      `Give the ${what} with --${flag} <file.jsonl> (one {"prompt", "answer"} object per line).`,
    );
  }
  return { source: path, text: await readInput(path), ...taskLimits(args) };
}

/** The dev split: --dev, else dev.jsonl beside the data file (when the data file is not that file). */
export function devPath(args: CliArgs): string | undefined {
  const dev = stringOption(args, 'dev');
  if (dev !== undefined) return dev;
  const data = stringOption(args, 'data');
  if (data === undefined) return undefined;
  const beside = join(dirname(data), 'dev.jsonl');
  return existsSync(beside) && resolve(beside) !== resolve(data) ? beside : undefined;
}
