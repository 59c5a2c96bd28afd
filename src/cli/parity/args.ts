/**
 * @file `parity`'s flags as a `parity.grid` request: n, k, the grid (widths, sample sizes, seeds, inits), the step
 * cutoff and SGD settings, each checked with a one-line message. `--init` takes `dense`, `sparse` (s from
 * --sparsity) or `sparseS` (e.g. `sparse2`), several separated by commas.
 */
import { LensError } from '../../core/errors';
import { PARITY_INITS, PARITY_OPTIONS, type ParityGridParams, type ParityInit } from '../../shared/parity';
import { quote } from '../../shared/schema';
import type { CliArgs, ParseArgsOptionsConfig } from '../command';
import { intListOption, intOption, type IntListBounds } from '../input';

/** The command's own flags. */
export const PARITY_FLAGS: ParseArgsOptionsConfig = Object.fromEntries([
  ['yes', { type: 'boolean' }],
  ['full', { type: 'boolean' }],
  ['no-rewind', { type: 'boolean' }],
  ...['n', 'k', 'widths', 'samples', 'seeds', 'init', 'sparsity', 'steps', 'batch', 'lr', 'weight-decay']
    .concat(['test-size', 'eval-every', 'seed'])
    .map((name) => [name, { type: 'string' as const }]),
]);

const O = PARITY_OPTIONS;
const text = (args: CliArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
};
const int = (args: CliArgs, name: string, b: { default: number; min: number; max: number }) =>
  intOption(name, text(args, name), b.default, b.min, b.max);

/** A comma-separated list of integers within bounds (`online` reads as 0 where `online` is allowed). */
const intList = (args: CliArgs, name: string, b: IntListBounds): number[] =>
  intListOption(name, text(args, name), b, 20, name === 'samples' ? { online: 0 } : {});

/** A real-valued flag within bounds. */
function real(args: CliArgs, name: string, b: { default: number; min: number; max: number }): number {
  const value = text(args, name);
  if (value === undefined) return b.default;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < b.min || n > b.max)
    throw new LensError('bad-input', `--${name} must be a number from ${b.min} to ${b.max}, not "${quote(value)}".`);
  return n;
}

/** --init: the inits and the sparsity an `sparseS` names (else --sparsity). */
function inits(args: CliArgs): { inits: ParityInit[]; sparsity: number | undefined } {
  const value = text(args, 'init') ?? 'dense,sparse';
  let sparsity: number | undefined;
  const list = value.split(',').map((part): ParityInit => {
    const m = /^(dense|sparse)(\d*)$/u.exec(part.trim());
    const s = m?.[2] === undefined || m[2] === '' ? undefined : Number(m[2]);
    if (m === null || (s !== undefined && sparsity !== undefined && s !== sparsity))
      throw new LensError(
        'bad-input',
        `--init takes dense, sparse or sparseS (one S) separated by commas, not "${quote(value)}".`,
      );
    if (s !== undefined) sparsity = s;
    return m[1] as ParityInit;
  });
  return { inits: PARITY_INITS.filter((i) => list.includes(i)), sparsity };
}

/** The grid request the flags ask for. */
export function parityParams(args: CliArgs): ParityGridParams {
  const n = int(args, 'n', O.n);
  const k = int(args, 'k', O.k);
  if (k > n) throw new LensError('bad-input', `--k ${k} is more than --n ${n}. Give k ≤ n.`);
  const init = inits(args);
  const sparsity = init.sparsity ?? int(args, 'sparsity', O.sparsity);
  if (sparsity < 1 || sparsity > n)
    throw new LensError('bad-input', `The sparsity ${sparsity} must be from 1 to n = ${n}. Give a smaller one.`);
  return {
    n,
    k,
    widths: intList(args, 'widths', O.widths),
    samples: intList(args, 'samples', O.samples),
    seeds: int(args, 'seeds', O.seeds),
    inits: init.inits,
    sparsity,
    steps: int(args, 'steps', O.steps),
    batch: int(args, 'batch', O.batch),
    lr: real(args, 'lr', O.lr),
    weightDecay: real(args, 'weight-decay', O.weightDecay),
    testSize: int(args, 'test-size', O.testSize),
    evalEvery: int(args, 'eval-every', O.evalEvery),
    seed: int(args, 'seed', O.seed),
    rewind: args.values['no-rewind'] !== true,
  };
}
