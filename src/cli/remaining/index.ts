/**
 * @file `model-lens remaining-length "<prompt>"`: the prompt answered greedily by a remaining-length model (default
 * remaining-lm), with the predicted remaining length after every generated token, through the engine's
 * `remaining.predict` handler.
 */
import { LensError } from '../../core/errors';
import { REMAINING_OPTIONS, remainingPredictRequest } from '../../shared/remaining';
import type { CliCommand } from '../command';
import { intOption } from '../input';
import { remainingText } from './text';

const optionOf = (values: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

/** `remaining-length "<prompt>" [--max-new-tokens N] [--layer L] [--model M]`. */
export const remainingCli: CliCommand = {
  name: 'remaining-length',
  usage:
    'remaining-length "<prompt>" [--max-new-tokens 256] [--layer L] [--model remaining-lm]\n' +
    '                     answers the prompt greedily and predicts, after each token, how many tokens remain\n' +
    "                     (TRAIL: a probe on one layer's hidden state, refined token by token, beside a\n" +
    "                     prompt-only estimate and, once the answer ends, the truth) and each layer's error",
  options: { 'max-new-tokens': { type: 'string' }, layer: { type: 'string' } },
  async run(args, engine) {
    const prompt = args.positionals[0];
    if (prompt === undefined || prompt.length === 0)
      throw new LensError('bad-input', 'Give a prompt, e.g. model-lens remaining-length "count down from 12:"');
    if (prompt.length > REMAINING_OPTIONS.maxPromptChars)
      throw new LensError(
        'bad-input',
        `The prompt has ${prompt.length} characters; at most ${REMAINING_OPTIONS.maxPromptChars} are read. Shorten it.`,
      );
    const { default: fallback, min, max } = REMAINING_OPTIONS.maxTokens;
    const layer = optionOf(args.values, 'layer');
    const result = await engine.run(remainingPredictRequest, {
      prompt,
      maxTokens: intOption('max-new-tokens', optionOf(args.values, 'max-new-tokens'), fallback, min, max),
      ...(layer === undefined ? {} : { layer: intOption('layer', layer, 0, 0, 1024) }),
      ...(args.modelGiven ? { model: args.model } : {}),
      allowLocalFiles: true,
    });
    return { result, text: remainingText(result) };
  },
};
