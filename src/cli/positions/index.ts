/**
 * @file `model-lens positions` (position coupling of a problem, decoded by a positions model) and
 * `model-lens length-probe` (accuracy against length of the ppc, coupled and absolute models), run
 * through the engine's positions handlers.
 */
import { LensError } from '../../core/errors';
import {
  COUPLING_TASKS,
  DECODE_MODES,
  lengthProbeRequest,
  MAX_ID_OFFSET,
  MAX_PROBE_LENGTH,
  MODEL_TASKS,
  positionsRequest,
} from '../../shared/positions';
import type { CliArgs, CliCommand } from '../command';
import { choiceOption, intOption } from '../input';
import { probeText, positionsText } from './text';

// A string option as given, or undefined.
const optionOf = (args: CliArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
};

/** `positions "<problem>" [--task T] [--offset N] [--method ppc|oracle|absolute] [--model M]`. */
export const positionsCli: CliCommand = {
  name: 'positions',
  usage:
    'positions "<problem>" [--task addition|multiplication|copy|reverse] [--offset N]\n' +
    '          [--method ppc|oracle|absolute] [--model M]\n' +
    '                     tokens of a problem with their coupled position IDs (position coupling) and,\n' +
    '                     for addition and copy, the answer of a positions model with the IDs it was fed',
  options: { task: { type: 'string' }, offset: { type: 'string' }, method: { type: 'string' } },
  async run(args, engine) {
    const problem = args.positionals[0];
    if (problem === undefined) {
      throw new LensError('bad-input', 'Give a problem, e.g. model-lens positions "48213+9077=" --task addition');
    }
    const task = optionOf(args, 'task');
    const params = {
      text: problem,
      offset: 0,
      source: 'command line',
      method: choiceOption('method', optionOf(args, 'method'), DECODE_MODES),
      ...(task === undefined ? {} : { task: choiceOption('task', task, COUPLING_TASKS) }),
      idOffset: intOption('offset', optionOf(args, 'offset'), 0, 0, MAX_ID_OFFSET),
      ...(args.modelGiven ? { model: args.model } : {}),
      allowLocalFiles: true,
    };
    const result = await engine.run(positionsRequest, params);
    const title = `Model Lens · position IDs · ${result.problem.split('\n')[0] ?? ''}`;
    return {
      result,
      text: positionsText(result),
      report: { view: 'positions', kind: positionsRequest.name, source: 'positions', title },
    };
  },
};

/** `length-probe --task addition|multiplication|copy --max-length N [--samples K] [--seed S]`. */
export const lengthProbeCli: CliCommand = {
  name: 'length-probe',
  usage:
    'length-probe --task addition|multiplication|copy --max-length N [--samples 50] [--seed 1]\n' +
    '                     exact match against length of the ppc, coupled and absolute positions models',
  options: {
    task: { type: 'string' },
    'max-length': { type: 'string' },
    samples: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(args, engine) {
    const task = choiceOption('task', optionOf(args, 'task'), MODEL_TASKS);
    const given = optionOf(args, 'max-length');
    if (given === undefined) {
      throw new LensError(
        'bad-input',
        'Give --max-length, e.g. model-lens length-probe --task addition --max-length 30',
      );
    }
    const params = {
      task,
      maxLength: intOption('max-length', given, 30, 1, MAX_PROBE_LENGTH),
      samples: intOption('samples', optionOf(args, 'samples'), 50, 1, 100_000),
      seed: intOption('seed', optionOf(args, 'seed'), 1, 0, 4_000_000),
    };
    const result = await engine.run(lengthProbeRequest, params);
    const title = `Model Lens · length generalization · ${task}`;
    return {
      result,
      text: probeText(result),
      report: { view: 'probe', kind: lengthProbeRequest.name, source: task, title },
    };
  },
};
