/**
 * @file `model-lens length-probe`: exact match against length of every zoo model of a task (the
 * positions models and the Turing-program models), one curve per model on the same seeded problems,
 * optionally carry-heavy, with accuracy by longest carry chain for arithmetic.
 */
import {
  hasCarries,
  lengthProbeRequest,
  MAX_PROBE_LENGTH,
  MAX_PROBE_SAMPLES,
  PROBE_TASKS,
} from '../../shared/lengthProbe';
import { LensError } from '../../core/errors';
import type { CliCommand } from '../command';
import { choiceOption, intOption, stringOption } from '../input';
import { probeText } from './probeText';

/** `length-probe --task addition|multiplication|copy [--carry-heavy] [--max-length N] [--samples K] [--seed S]`. */
export const lengthProbeCli: CliCommand = {
  name: 'length-probe',
  usage:
    'length-probe --task addition|multiplication|copy [--carry-heavy] [--max-length 30] [--samples 50]\n' +
    '          [--seed 1]   exact match against length of every zoo model of the task (one curve each),\n' +
    '                     and for arithmetic by longest carry chain; --carry-heavy draws the chain uniformly',
  options: {
    task: { type: 'string' },
    'carry-heavy': { type: 'boolean' },
    'max-length': { type: 'string' },
    samples: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(args, engine) {
    const task = choiceOption('task', stringOption(args.values, 'task'), PROBE_TASKS);
    const carryHeavy = args.values['carry-heavy'] === true;
    if (carryHeavy && !hasCarries(task))
      throw new LensError('bad-input', `--carry-heavy is for addition and multiplication; ${task} has no carries.`);
    const params = {
      task,
      maxLength: intOption('max-length', stringOption(args.values, 'max-length'), 30, 1, MAX_PROBE_LENGTH),
      samples: intOption('samples', stringOption(args.values, 'samples'), 50, 1, MAX_PROBE_SAMPLES),
      seed: intOption('seed', stringOption(args.values, 'seed'), 1, 0, 4_000_000),
      ...(carryHeavy ? { carryHeavy } : {}),
    };
    const result = await engine.run(lengthProbeRequest, params);
    const title = `Model Lens · length generalization · ${task}${carryHeavy ? ' (carry-heavy)' : ''}`;
    return {
      result,
      text: probeText(result),
      report: { view: 'probe', kind: lengthProbeRequest.name, source: task, title },
    };
  },
};
