/**
 * @file The length probe's positions models: for a task, the zoo's `positions-<task>-<method>` models
 * that exist (ppc, coupled, absolute; none for a task outside MODEL_TASKS), each scored by
 * decoding the way its method feeds positions. Models are loaded once per engine.
 */
import { positionModelName, positionModelNames } from '../../core/analyses/positions/positionModel';
import { positionScorer } from '../../core/analyses/positions/positionScorer';
import { isModelTask, POSITION_METHODS } from '../../shared/positions';
import type { EngineEnv } from '../toolkit';
import { PositionModels } from './models';
import type { ProbeScorerSource } from './scorerSource';

/** The probe scorers of the zoo's positions models of a task, in the order ppc, coupled, absolute. */
export const positionsScorerSource = (env: EngineEnv): ProbeScorerSource => {
  const models = new PositionModels(env.modelsDir);
  return async (task) => {
    const inZoo = new Set(positionModelNames(env.modelsDir));
    if (!isModelTask(task)) return [];
    const names = POSITION_METHODS.map((m) => positionModelName(task, m)).filter((n) => inZoo.has(n));
    const loaded = await Promise.all(names.map((n) => models.get(n, false)));
    return loaded.map((m) => positionScorer(m));
  };
};
