/**
 * @file The positions toolkit in the engine: the position IDs of a problem decoded by a positions
 * model, and the length-generalization probe (exact match against length for PPC, oracle coupling
 * and absolute positions). Loaded models stay open between requests.
 */
import { lengthProbe } from '../../core/analyses/positions/lengthProbe';
import { positionModelName } from '../../core/analyses/positions/positionModel';
import { lengthProbeRequest, POSITION_METHODS, positionsRequest } from '../../shared/positions';
import { handle, type EngineToolkit } from '../toolkit';
import { PositionModels } from './models';
import { positionsShow } from './show';

/** Handlers of the positions toolkit. */
export const positionsEngine: EngineToolkit = (env) => {
  const models = new PositionModels(env.modelsDir);
  return [
    handle(positionsRequest, (params, job) => positionsShow(models, params, job.signal)),
    handle(lengthProbeRequest, async (params, job) => {
      const loaded = await Promise.all(
        POSITION_METHODS.map((m) => models.get(positionModelName(params.task, m), false)),
      );
      return lengthProbe(loaded, {
        task: params.task,
        maxLength: params.maxLength,
        samples: params.samples,
        seed: params.seed,
        ...(params.lengths === undefined ? {} : { lengths: params.lengths }),
        signal: job.signal,
        onProgress: (done, total) => job.progress(done / total, `${done} of ${total} problems decoded`),
      });
    }),
  ];
};
