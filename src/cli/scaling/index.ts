/**
 * @file `model-lens scaling …`: fit scaling laws to a training log, fit a loss-to-loss law between two losses, and
 * translate a law to another dataset. Each subcommand runs one request of the engine's scaling toolkit.
 */
import { LensError } from '../../core/errors';
import { quote } from '../../shared/schema';
import {
  HOLD_OUTS,
  SCALING_LAWS,
  SCALING_OPTIONS,
  scalingFitRequest,
  scalingL2lRequest,
  scalingTranslateRequest,
} from '../../shared/scaling';
import type { CliArgs, CliCommand, ParseArgsOptionsConfig } from '../command';
import { choiceOption, intOption } from '../input';
import { fitText, l2lText, translateText } from './text';

const FIT_OPTIONS: ParseArgsOptionsConfig = {
  'hold-out': { type: 'string' },
  bootstrap: { type: 'string' },
  seed: { type: 'string' },
};

function flag(args: CliArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A number flag: absent → undefined; not a finite number → bad input. */
function numberFlag(args: CliArgs, name: string, positive = false): number | undefined {
  const text = flag(args, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (positive && n <= 0)) {
    const what = positive ? 'a number above 0' : 'a finite number';
    throw new LensError('bad-input', `--${name} must be ${what}, not "${quote(text)}".`);
  }
  return n;
}

function requiredNumber(args: CliArgs, name: string): number {
  const n = numberFlag(args, name, true);
  if (n === undefined) throw new LensError('bad-input', `Give --${name} (a number above 0). Run "model-lens --help".`);
  return n;
}

function fitOptions(args: CliArgs) {
  const b = SCALING_OPTIONS.bootstrap;
  const s = SCALING_OPTIONS.seed;
  return {
    holdOut: choiceOption('hold-out', flag(args, 'hold-out'), HOLD_OUTS),
    bootstrap: intOption('bootstrap', flag(args, 'bootstrap'), b.default, b.min, b.max),
    seed: intOption('seed', flag(args, 'seed'), s.default, s.min, s.max),
  };
}

function logPath(args: CliArgs, usage: string): string {
  const path = args.positionals[0];
  if (path === undefined || path === '') throw new LensError('bad-input', `Name the log: model-lens ${usage}`);
  return path;
}

/** `scaling fit`: a law per dataset of a log file or run folder. */
export const scalingFitCli: CliCommand = {
  name: 'scaling fit',
  usage: `scaling fit <file|folder> [--law ${SCALING_LAWS.join('|')}] [--loss COL] [--hold-out ${HOLD_OUTS.join('|')}]
                     [--bootstrap 200] [--seed 1]
                     fit L(N,D) (or L(C)) to each dataset's runs of a training log, with R² and 95% intervals`,
  options: { ...FIT_OPTIONS, law: { type: 'string' }, loss: { type: 'string' } },
  async run(args, engine) {
    const path = logPath(args, 'scaling fit <file|folder>');
    const loss = flag(args, 'loss');
    const law = choiceOption('law', flag(args, 'law'), SCALING_LAWS);
    const result = await engine.run(scalingFitRequest, { path, law, ...(loss ? { loss } : {}), ...fitOptions(args) });
    return { result, text: fitText(result) };
  },
};

function predictions(args: CliArgs): number[] {
  const text = flag(args, 'predict');
  if (text === undefined) return [];
  return text.split(',').map((part) => {
    const n = Number(part);
    if (part.trim() === '' || !Number.isFinite(n)) {
      throw new LensError('bad-input', `--predict must be x losses separated by commas, not "${quote(text)}".`);
    }
    return n;
  });
}

function side(args: CliArgs, axis: 'x' | 'y') {
  const column = flag(args, axis);
  if (column === undefined || column === '') {
    throw new LensError('bad-input', `Name the ${axis} loss column: --${axis} COL.`);
  }
  const dataset = flag(args, `${axis}-dataset`);
  const runs = flag(args, `${axis}-runs`)
    ?.split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (runs !== undefined && dataset === undefined) {
    throw new LensError('bad-input', `--${axis}-runs picks runs of a dataset: give --${axis}-dataset too.`);
  }
  return { column, ...(dataset !== undefined ? { dataset } : {}), ...(runs?.length ? { runs } : {}) };
}

/** `scaling l2l`: L_y = K·(L_x − e0)^kappa + e1 between two loss columns. */
export const scalingL2lCli: CliCommand = {
  name: 'scaling l2l',
  usage: `scaling l2l <file> --x COL --y COL [--x-dataset NAME --y-dataset NAME] [--e0 N --e1 N | --e-from-fits]
                     [--x-runs RUN,… --y-runs RUN,…] (only those runs of a dataset: a few runs of a new one)
                     [--predict X[,X…]] [--hold-out ${HOLD_OUTS.join('|')}] [--bootstrap 200] [--seed 1]
                     fit L_y = K·(L_x − e0)^kappa + e1: rows pair the two columns, or runs of two datasets
                     pair by (N, D); both E's given: fixed, e0 only: e1 free, none: both free`,
  options: {
    ...FIT_OPTIONS,
    x: { type: 'string' },
    y: { type: 'string' },
    'x-dataset': { type: 'string' },
    'y-dataset': { type: 'string' },
    'x-runs': { type: 'string' },
    'y-runs': { type: 'string' },
    e0: { type: 'string' },
    e1: { type: 'string' },
    'e-from-fits': { type: 'boolean' },
    predict: { type: 'string' },
  },
  async run(args, engine) {
    const path = logPath(args, 'scaling l2l <file> --x COL --y COL');
    const e0 = numberFlag(args, 'e0');
    const e1 = numberFlag(args, 'e1');
    const fromFits = args.values['e-from-fits'] === true;
    if (fromFits && (e0 !== undefined || e1 !== undefined)) {
      throw new LensError('bad-input', 'Give either --e0/--e1 or --e-from-fits, not both.');
    }
    if (e1 !== undefined && e0 === undefined) {
      throw new LensError('bad-input', "--e1 needs --e0 (fixed E's), or leave both out to fit them.");
    }
    const params = {
      path,
      x: side(args, 'x'),
      y: side(args, 'y'),
      ...(e0 !== undefined ? { e0 } : {}),
      ...(e1 !== undefined ? { e1 } : {}),
      ...(fromFits ? { eFromFits: true } : {}),
      predict: predictions(args),
      ...fitOptions(args),
    };
    const result = await engine.run(scalingL2lRequest, params);
    return { result, text: l2lText(result) };
  },
};

/** `scaling translate`: a compute law carried to another dataset by a train-to-train law. */
export const scalingTranslateCli: CliCommand = {
  name: 'scaling translate',
  usage: `scaling translate --A N --B N --E N --alpha N --beta N --kappa N --K N --e1 N
                     the law of dataset 1 from dataset 0's law and the train-to-train law from 0 to 1`,
  options: Object.fromEntries(
    ['A', 'B', 'E', 'alpha', 'beta', 'kappa', 'K', 'e1'].map((k) => [k, { type: 'string' as const }]),
  ),
  async run(args, engine) {
    const [A, B, E, alpha, beta, kappa, K, e1] = ['A', 'B', 'E', 'alpha', 'beta', 'kappa', 'K', 'e1'].map((k) =>
      requiredNumber(args, k),
    ) as [number, number, number, number, number, number, number, number];
    const result = await engine.run(scalingTranslateRequest, { law: { A, B, E, alpha, beta }, kappa, K, e1 });
    return { result, text: translateText(result) };
  },
};

/** Every `scaling` command. */
export const SCALING_COMMANDS: readonly CliCommand[] = [scalingFitCli, scalingL2lCli, scalingTranslateCli];
