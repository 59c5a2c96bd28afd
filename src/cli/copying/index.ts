/**
 * @file `model-lens copy-probe [file] --model a,b --lengths 10,20,40`: copy tasks (span, separator, span) from the
 * file, or sampled over a copy model's alphabet, scored by each model; with --lookup, `name: value` lookups from
 * the file too; through the engine's `copying.probe` handler.
 */
import { basename } from 'node:path';
import { LensError } from '../../core/errors';
import { COPY_OPTIONS, copyProbeRequest, type CopyProbeParams } from '../../shared/copying';
import { quote } from '../../shared/schema';
import type { CliArgs, CliCommand } from '../command';
import { intListOption, intOption, readInput } from '../input';
import { copyText } from './text';

const O = COPY_OPTIONS;
const USAGE = `copy-probe [file] [--model lens-lm[,copy-transformer,…]] [--lengths ${O.lengths.default.join(',')}]
                     [--tasks ${O.tasks.default}] [--seed ${O.seed.default}] [--lookup]
                     copy tasks (a span of the file, a separator, the span again) scored token by token:
                     accuracy per length, surprisal of the first and second copy; without a file, or for a
                     copy model, random strings over its alphabet (with the bound of a fixed-state model);
                     --lookup adds name: value lookups from the file. Several models: --model a,b`;

const option = (args: CliArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
};

/** The models of --model, separated by commas (lens-lm when it is not given). */
function modelsOf(args: CliArgs): string[] {
  const models = args.model.split(',').map((m) => m.trim());
  if (models.some((m) => m === '') || models.length > O.models)
    throw new LensError(
      'bad-input',
      `--model takes 1 to ${O.models} models separated by commas, not "${quote(args.model)}".`,
    );
  return models;
}

/** The request's params from the command line (and the file's text, when one was named). */
async function paramsOf(args: CliArgs): Promise<CopyProbeParams> {
  const file = args.positionals[0];
  const text =
    file === undefined ? undefined : await readInput(file, '', { bytes: O.maxTextChars, fix: '. Select a part.' });
  const lookup = args.values['lookup'] === true;
  if (lookup && text === undefined)
    throw new LensError('bad-input', '--lookup needs a file with name: value pairs: name it after copy-probe.');
  return {
    models: modelsOf(args),
    device: args.device,
    allowLocalFiles: true,
    ...(text === undefined ? {} : { text, source: basename(file ?? '') }),
    lengths: intListOption('lengths', option(args, 'lengths'), O.lengths, O.lengths.items),
    tasks: intOption('tasks', option(args, 'tasks'), O.tasks.default, O.tasks.min, O.tasks.max),
    seed: intOption('seed', option(args, 'seed'), O.seed.default, O.seed.min, O.seed.max),
    lookup,
  };
}

/** The copy-probe command. */
export const copyProbeCli: CliCommand = {
  name: 'copy-probe',
  usage: USAGE,
  options: {
    lengths: { type: 'string' },
    tasks: { type: 'string' },
    seed: { type: 'string' },
    lookup: { type: 'boolean' },
  },
  async run(args, engine) {
    const result = await engine.run(copyProbeRequest, await paramsOf(args));
    const title = `Model Lens · copy & lookup probe${result.source === undefined ? '' : ` · ${result.source}`}`;
    return {
      result,
      text: copyText(result),
      report: {
        view: 'copying',
        kind: copyProbeRequest.name,
        ...(result.source ? { source: result.source } : {}),
        title,
      },
    };
  },
};
