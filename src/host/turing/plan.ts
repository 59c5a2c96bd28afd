/**
 * @file The params of "Run Turing-Program Model on Selection", free of `vscode` (unit-tested): the problem (the
 * selection, or the line at the cursor, e.g. `57+68` or `123*4`), the model of its task (the setting, or the zoo's
 * turing-addition or turing-multiplication), or one line saying why it is refused.
 */
import { MAX_PROGRAM_INPUT, programModelName, type ProgramRunParams } from '../../shared/turing';

const PROBLEM = /^\s*\d+\s*([+*])\s*\d+\s*=?\s*$/u;

/** The params for `text`, or why it is refused; `model` is the setting (empty: the zoo's model of the task). */
export function programParams(
  text: string,
  model: unknown,
  allowLocalFiles: boolean,
): { params: ProgramRunParams } | { problem: string } {
  const input = text.trim();
  if (input.length > MAX_PROGRAM_INPUT)
    return { problem: `The selection has ${input.length} characters; select one problem like "57+68" or "123*4".` };
  const m = PROBLEM.exec(input);
  if (m === null)
    return {
      problem:
        `"${input.slice(0, 40)}" is not a problem a Turing-program model solves. Select an addition like ` +
        `"57+68" or a multiplication by one digit like "123*4" (or put the cursor on its line).`,
    };
  const task = m[1] === '+' ? 'addition' : 'multiplication';
  const chosen = typeof model === 'string' && model.trim() !== '' ? model.trim() : programModelName(task, true);
  return { params: { input, model: chosen, task, allowLocalFiles } };
}
