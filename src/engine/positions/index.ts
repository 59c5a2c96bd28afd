/**
 * @file The positions toolkit in the engine: the position IDs of a problem decoded by a positions
 * model, and the length-generalization probe (exact match against length, one curve per model of the
 * task that any of the probe's scorer sources holds, with the carry-chain breakdown). Loaded models
 * stay open between requests.
 */
import { lengthProbe } from '../../core/analyses/positions/lengthProbe';
import { lengthProbeRequest } from '../../shared/lengthProbe';
import { positionsRequest } from '../../shared/positions';
import { handle, type EngineToolkit } from '../toolkit';
import { PositionModels } from './models';
import { PROBE_SCORER_SOURCES } from './scorerSources';
import { positionsShow } from './show';

/** Handlers of the positions toolkit. */
export const positionsEngine: EngineToolkit = (env) => {
  const models = new PositionModels(env.modelsDir);
  const sources = PROBE_SCORER_SOURCES.map((source) => source(env));
  return [
    handle(positionsRequest, (params, job) => positionsShow(models, params, job.signal)),
    handle(lengthProbeRequest, async (params, job) => {
      const scorers = (await Promise.all(sources.map((source) => source(params.task)))).flat();
      return lengthProbe(scorers, {
        task: params.task,
        maxLength: params.maxLength,
        samples: params.samples,
        seed: params.seed,
        carryHeavy: params.carryHeavy ?? false,
        ...(params.lengths === undefined ? {} : { lengths: params.lengths }),
        signal: job.signal,
        onProgress: (done, total) => job.progress(done / total, `${done} of ${total} problems scored`),
      });
    }),
  ];
};
