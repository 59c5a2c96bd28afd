/**
 * @file `model-lens dependencies <file>`: token dependencies and attention sparsity, as JSON, a
 * report, or a summary table.
 */
import { basename } from 'node:path';
import { LensError } from '../../core/errors';
import {
  DEFAULT_ABLATION_REACH,
  DEFAULT_K,
  DEFAULT_P,
  DEPENDENCY_METHODS,
  MAX_DEPENDENCY_TOKENS,
  MAX_K,
  dependenciesRequest,
  tokenSlice,
  type DependenciesParams,
} from '../../shared/dependencies';
import { lineCol, lineStarts } from '../../core/text/lineCol';
import type { CliArgs, CliCommand } from '../command';
import { choiceOption, intOption, offsetOf, readInput, tokenLimit } from '../input';
import { summarise } from './summary';

const METHODS = DEPENDENCY_METHODS.join('|');
const USAGE = `dependencies <file> [--at LINE:COL] [--method ${METHODS}] [--p ${DEFAULT_P}] [--k ${DEFAULT_K}]
                     [--reach ${DEFAULT_ABLATION_REACH}]
                     how many earlier tokens each prediction depends on, and which (attention
                     and ablation of the --reach tokens before it); per-head sparsity statistics.
                     With --at only that token, from the one window that ends at it (a file of
                     any size)`;

function option(args: CliArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

function shareOption(value: string | undefined): number {
  const p = value === undefined ? DEFAULT_P : Number(value);
  if (!(p > 0 && p <= 1)) throw new LensError('bad-input', `--p must be a number in (0, 1], not "${value ?? ''}".`);
  return p;
}

/** With --at: the part of the file the token's window needs, where it starts, and the token's offset. */
function cursorPart(text: string, at: string): Pick<DependenciesParams, 'text' | 'origin' | 'at' | 'scope'> {
  const offset = offsetOf(text, at);
  const { start, end } = tokenSlice(text.length, offset);
  const origin = { offset: start, ...lineCol(lineStarts(text), start) };
  return { text: text.slice(start, end), origin, at: offset, scope: 'token' };
}

/** The request's params from the command line and the file's text. */
function paramsOf(args: CliArgs, file: string, text: string): DependenciesParams {
  const at = option(args, 'at');
  return {
    text,
    source: basename(file),
    model: args.model,
    device: args.device,
    allowLocalFiles: true,
    method: choiceOption('method', option(args, 'method'), DEPENDENCY_METHODS),
    p: shareOption(option(args, 'p')),
    k: intOption('k', option(args, 'k'), DEFAULT_K, 1, MAX_K),
    reach: intOption('reach', option(args, 'reach'), DEFAULT_ABLATION_REACH, 1, 65_536),
    maxTokens: args.maxTokens,
    maps: args.out !== undefined,
    ...(at !== undefined ? cursorPart(text, at) : {}),
  };
}

/** The dependencies command. */
export const dependenciesCli: CliCommand = {
  name: 'dependencies',
  usage: USAGE,
  options: {
    at: { type: 'string' },
    method: { type: 'string' },
    p: { type: 'string' },
    k: { type: 'string' },
    reach: { type: 'string' },
  },
  async run(args, engine) {
    const file = args.positionals[0];
    // With --at only the window before the token is read by the model: a file of any size works.
    const limit =
      option(args, 'at') !== undefined ? undefined : tokenLimit(Math.min(args.maxTokens, MAX_DEPENDENCY_TOKENS));
    const text = await readInput(file, '', limit);
    const params = paramsOf(args, file ?? '', text);
    const result = await engine.run(dependenciesRequest, params);
    const title = `Model Lens · token dependencies · ${result.source}`;
    return {
      result,
      text: summarise(result),
      report: { view: 'dependencies', kind: dependenciesRequest.name, source: result.source, title },
    };
  },
};
