/**
 * @file `model-lens positions`: position coupling of a problem, decoded by a positions model, run
 * through the engine's positions handler (`length-probe` is in lengthProbe.ts).
 */
import { LensError } from '../../core/errors';
import { COUPLING_TASKS, DECODE_MODES, MAX_ID_OFFSET, positionsRequest } from '../../shared/positions';
import type { CliCommand } from '../command';
import { choiceOption, intOption, stringOption } from '../input';
import { positionsText } from './text';

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
    const task = stringOption(args.values, 'task');
    const params = {
      text: problem,
      offset: 0,
      source: 'command line',
      method: choiceOption('method', stringOption(args.values, 'method'), DECODE_MODES),
      ...(task === undefined ? {} : { task: choiceOption('task', task, COUPLING_TASKS) }),
      idOffset: intOption('offset', stringOption(args.values, 'offset'), 0, 0, MAX_ID_OFFSET),
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
