/**
 * @file `serve-sim`'s flags as a `serving.simulate` request: the workload (a trace, or --mg1 jobs), the policies
 * and c values, the predictions, the cost model and the loads, each checked with a one-line message.
 */
import { LensError } from '../../core/errors';
import { MG1_SIZE_LAWS, SERVING_OPTIONS, SERVING_POLICY_NAMES, type ServingSimulateParams } from '../../shared/serving';
import { quote } from '../../shared/schema';
import type { CliArgs, ParseArgsOptionsConfig } from '../command';
import { choiceOption, intOption } from '../input';

/** The command's own flags. */
export const SERVE_SIM_OPTIONS: ParseArgsOptionsConfig = Object.fromEntries([
  ['mg1', { type: 'boolean' }],
  ['full', { type: 'boolean' }],
  ...[
    'rho',
    'jobs',
    'seed',
    'sizes',
    'policies',
    'c',
    'predictions',
    'cost',
    'rate',
    'loads',
    'max-jobs',
    'rps',
    'prefill-per-token',
    'decode-per-token',
    'step-overhead',
    'kv-capacity',
    'max-batch',
  ].map((name) => [name, { type: 'string' as const }]),
]);

const flag = (args: CliArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
};

/** A number flag (absent: `fallback`), refused unless finite and `ok`. */
function numberFlag(args: CliArgs, name: string, fallback: number, ok: (n: number) => boolean, what: string): number {
  const text = flag(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !ok(n))
    throw new LensError('bad-input', `--${name} must be ${what}, not "${quote(text)}".`);
  return n;
}

/** A comma-separated list of numbers, each checked. */
function numberList(
  args: CliArgs,
  name: string,
  fallback: readonly number[],
  ok: (n: number) => boolean,
  what: string,
) {
  const text = flag(args, name);
  if (text === undefined) return [...fallback];
  return text.split(',').map((part) => {
    const n = Number(part);
    if (part.trim() === '' || !Number.isFinite(n) || !ok(n))
      throw new LensError('bad-input', `--${name} takes ${what} separated by commas, not "${quote(text)}".`);
    return n;
  });
}

/** The refusal of a load ≥ 1 in M/G/1 mode. */
function unstable(name: string, rho: number): LensError {
  return new LensError(
    'bad-input',
    `load ≥ 1: the queue is unstable (--${name} ${rho}): work arrives faster than it is served and latency grows ` +
      'without bound. Give a load below 1.',
  );
}

/** --predictions perfect | noisy:SIGMA | model. */
export function predictionsFlag(text: string | undefined): ServingSimulateParams['predictions'] {
  if (text === undefined || text === 'perfect') return { kind: 'perfect' };
  if (text === 'model') return { kind: 'model' };
  const m = /^noisy:(.+)$/u.exec(text);
  const sigma = m === null ? NaN : Number(m[1]);
  if (m === null || !Number.isFinite(sigma) || sigma < 0 || sigma > 10)
    throw new LensError(
      'bad-input',
      `--predictions must be perfect, noisy:SIGMA (σ from 0 to 10) or model, not "${quote(text)}".`,
    );
  return { kind: 'noisy', sigma };
}

/** --policies: a comma-separated subset of fcfs, sjf, sprpt, trail (default all four). */
function policiesFlag(args: CliArgs): ServingSimulateParams['policies'] {
  const text = flag(args, 'policies');
  if (text === undefined) return [...SERVING_POLICY_NAMES];
  const names = [...new Set(text.split(',').map((part) => part.trim()))];
  return names.map((name) => choiceOption('policies', name, SERVING_POLICY_NAMES));
}

/** The workload: a trace path, or --mg1 with --rho, --jobs and --sizes. */
function sourceOf(args: CliArgs): ServingSimulateParams['source'] {
  const path = args.positionals[0];
  const mg1 = args.values['mg1'] === true;
  if (mg1 && path !== undefined) throw new LensError('bad-input', 'Give a trace file or --mg1, not both.');
  if (!mg1) {
    if (path === undefined || path === '')
      throw new LensError('bad-input', 'Name a trace file, or give --mg1 to simulate generated M/G/1 jobs.');
    const maxJobs = flag(args, 'max-jobs');
    const max = SERVING_OPTIONS.jobs.max;
    const rps = flag(args, 'rps');
    const perSecond = (n: number) => n > 0 && n <= 1e6;
    return {
      kind: 'trace',
      path,
      ...(maxJobs !== undefined ? { maxJobs: intOption('max-jobs', maxJobs, 1, 1, max) } : {}),
      ...(rps !== undefined ? { rate: numberFlag(args, 'rps', 1, perSecond, 'requests per second, up to 1e6') } : {}),
    };
  }
  const rho = numberFlag(args, 'rho', SERVING_OPTIONS.rho.default, (n) => n > 0, 'a load above 0');
  if (rho >= 1) throw unstable('rho', rho);
  const j = SERVING_OPTIONS.jobs;
  const jobs = intOption('jobs', flag(args, 'jobs'), j.default, j.min, j.max);
  return { kind: 'mg1', rho, jobs, sizes: choiceOption('sizes', flag(args, 'sizes'), MG1_SIZE_LAWS) };
}

/** The cost model: --cost mg1 (--rate) or batched (its five costs); M/G/1 jobs default to mg1, traces to batched. */
function costOf(args: CliArgs, mg1Jobs: boolean): ServingSimulateParams['cost'] {
  const mode = choiceOption('cost', flag(args, 'cost') ?? (mg1Jobs ? 'mg1' : 'batched'), ['mg1', 'batched'] as const);
  const positive = (n: number) => n > 0;
  const nonNegative = (n: number) => n >= 0;
  if (mode === 'mg1') return { mode, rate: numberFlag(args, 'rate', 1, positive, 'a rate above 0') };
  const b = SERVING_OPTIONS.batched;
  const seconds = 'seconds, 0 or more';
  return {
    mode,
    prefillPerToken: numberFlag(args, 'prefill-per-token', b.prefillPerToken, nonNegative, seconds),
    decodePerToken: numberFlag(args, 'decode-per-token', b.decodePerToken, nonNegative, seconds),
    stepOverhead: numberFlag(args, 'step-overhead', b.stepOverhead, nonNegative, seconds),
    kvCapacity: intOption('kv-capacity', flag(args, 'kv-capacity'), b.kvCapacity, 1, 2 ** 31),
    maxBatch: intOption('max-batch', flag(args, 'max-batch'), b.maxBatch, 1, 100_000),
  };
}

/** The request of a `serve-sim` command line. */
export function serveSimParams(args: CliArgs): ServingSimulateParams {
  const source = sourceOf(args);
  const cost = costOf(args, source.kind === 'mg1');
  const c = SERVING_OPTIONS.c;
  const cs = numberList(args, 'c', c.default, (n) => n > 0 && n <= 1, 'values of c in (0, 1]');
  const mg1 = source.kind === 'mg1';
  const loads = numberList(args, 'loads', [], (n) => n > 0 && n <= 100, mg1 ? 'loads above 0' : 'rate multiples');
  const high = loads.find((load) => load >= 1);
  if (mg1 && high !== undefined) throw unstable('loads', high);
  const s = SERVING_OPTIONS.seed;
  return {
    source,
    policies: policiesFlag(args),
    c: [...new Set(cs)],
    predictions: predictionsFlag(flag(args, 'predictions')),
    cost,
    loads,
    seed: intOption('seed', flag(args, 'seed'), s.default, s.min, s.max),
  };
}
