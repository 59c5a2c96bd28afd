/**
 * @file The params of "Predict Remaining Length", free of `vscode` (unit-tested): the prompt (selection or line,
 * trimmed), the token limit and model from the settings, or why the prompt is refused.
 */
import { REMAINING_OPTIONS, type RemainingPredictParams } from '../../shared/remaining';

/** Settings as read (unchecked). */
export interface RemainingSettings {
  readonly maxTokens: unknown;
  readonly model: unknown;
  readonly allowLocalFiles: boolean;
}

/** The params for `text`, or one line saying what is wrong and what to do. */
export function promptParams(
  text: string,
  s: RemainingSettings,
): { params: RemainingPredictParams } | { problem: string } {
  const prompt = text.trim();
  if (prompt === '')
    return { problem: 'The line is empty. Select a prompt (or put the cursor on its line) and run it again.' };
  if (prompt.length > REMAINING_OPTIONS.maxPromptChars) {
    return {
      problem:
        `The prompt has ${prompt.length} characters; at most ${REMAINING_OPTIONS.maxPromptChars} are read. ` +
        'Select a shorter one.',
    };
  }
  const { min, max } = REMAINING_OPTIONS.maxTokens;
  const n = s.maxTokens;
  const maxTokens =
    typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max ? n : REMAINING_OPTIONS.maxTokens.default;
  const model = typeof s.model === 'string' && s.model.trim() !== '' ? { model: s.model.trim() } : {};
  return { params: { prompt, maxTokens, allowLocalFiles: s.allowLocalFiles, ...model } };
}
