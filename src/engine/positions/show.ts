/**
 * @file The positions request: the position IDs of a selected problem decoded by the task's zoo
 * model (or by a model the request names), the rule's IDs only for a task without a model, or the
 * coupled IDs of a selected Turing-program scratchpad.
 */
import { couple } from '../../core/analyses/positions/couple';
import type { CoupledProblem } from '../../core/analyses/positions/couplingTypes';
import { positionsDecode, type PositionsDecoding } from '../../core/analyses/positions/decode';
import { taskGuess } from '../../core/analyses/positions/parseProblem';
import { modelCoupleOptions, positionModelName } from '../../core/analyses/positions/positionModel';
import { LensError } from '../../core/errors';
import {
  isModelTask,
  METHOD_OF_MODE,
  MODEL_TASKS,
  type CouplingTask,
  type PositionsParams,
  type PositionsResult,
  type PositionsToken,
} from '../../shared/positions';
import type { PositionModels } from './models';
import { scratchpadView } from './scratchpadView';

const FORMS =
  'an addition like 48213+9077=, a multiplication like 4821*7=, a copy like 5830| or a Turing-program scratchpad ' +
  '(lines like "5 [right|7] + 6 8")';

/** The document range of a token typed at `src` in a selection starting at `at` (none for untyped tokens, src −1). */
const rangeOf = (at: number, src: number): Pick<PositionsToken, 'range'> =>
  src >= 0 ? { range: { start: at + src, end: at + src + 1 } } : {};

/** The typed answer and whether it is right, when one was typed. */
const givenOf = (c: CoupledProblem): Pick<PositionsResult, 'given' | 'givenCorrect'> =>
  c.given === undefined
    ? {}
    : { given: c.given, ...(c.givenCorrect === undefined ? {} : { givenCorrect: c.givenCorrect }) };

/** Position IDs of the selected problem (or scratchpad). */
export async function positionsShow(
  models: PositionModels,
  p: PositionsParams,
  signal: AbortSignal,
): Promise<PositionsResult> {
  const text = p.text.trim();
  if (text === '') throw new LensError('empty-input', `Select a problem first: ${FORMS}.`);
  if (/\[[^\]|]+\|[^\]]*\]/u.test(text)) return scratchpadView(p);
  const task = p.task ?? taskGuess(text);
  if (task === undefined) {
    throw new LensError('bad-input', `"${text.slice(0, 40)}" is not a problem Model Lens knows. Select ${FORMS}.`);
  }
  const lead = p.text.indexOf(text);
  if (!isModelTask(task)) return ruleOnly(p, text, task, lead);
  couple(text, task, { maxPosition: Number.MAX_SAFE_INTEGER }); // a malformed problem is reported before a model loads
  const model =
    p.model === undefined
      ? await models.get(positionModelName(task, METHOD_OF_MODE[p.method]), false)
      : await models.get(p.model, p.allowLocalFiles);
  const offset = p.method === 'absolute' ? 0 : (p.idOffset ?? 0);
  const coupled = couple(text, task, { offset, ...modelCoupleOptions(model) });
  const d = await positionsDecode(model, coupled, p.method, { attentions: true, signal });
  return {
    source: p.source,
    task,
    problem: text,
    tokens: decodedTokens(d, coupled, p.offset + lead),
    model: d.model,
    mode: d.mode,
    answer: d.answer,
    expected: d.expected,
    correct: d.correct,
    ...givenOf(coupled),
    idMatches: d.idMatches,
    trainMaxLength: model.config.trainMaxLength,
    maxPosition: model.config.maxPosition,
    ...(d.attentions !== undefined ? { attentions: d.attentions } : {}),
  };
}

function decodedTokens(d: PositionsDecoding, coupled: CoupledProblem, at: number): PositionsToken[] {
  const answerStart = d.answerIndices[0] ?? d.tokens.length;
  return d.tokens.map((t, i) => {
    const src = i < answerStart ? (coupled.sources[i] ?? -1) : -1;
    const predicted = d.predictedIds?.[i - answerStart];
    return {
      text: t,
      ruleId: d.ruleIds[i] ?? 0,
      fedId: d.fedIds[i] ?? 0,
      answer: i >= answerStart,
      ...(predicted !== undefined && i >= answerStart ? { predictedId: predicted } : {}),
      ...rangeOf(at, src),
    };
  });
}

/** Rule IDs only, for the tasks without a zoo model (reverse). */
function ruleOnly(p: PositionsParams, text: string, task: CouplingTask, lead: number): PositionsResult {
  const c = couple(text, task, { offset: p.idOffset ?? 0 });
  const start = c.answerIndices[0] ?? c.tokens.length;
  const tokens = c.tokens.map((t, i) => {
    const src = c.sources[i] ?? -1;
    return { text: t, ruleId: c.ruleIds[i] ?? 0, answer: i >= start, ...rangeOf(p.offset + lead, src) };
  });
  const models = `${MODEL_TASKS.slice(0, -1).join(', ')} and ${MODEL_TASKS.at(-1) ?? ''}`;
  const note = `The zoo has positions models for ${models}; for ${task} Model Lens shows the coupling rule's IDs only.`;
  return { source: p.source, task, problem: text, tokens, expected: c.answer, ...givenOf(c), note };
}
