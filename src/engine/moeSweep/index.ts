/**
 * @file The memorization-vs-reasoning sweep in the engine: the zoo's MoE and dense models of the phone-book and
 * path tasks, re-measured live through the shared model cache when asked, with progress and a partial result per
 * model.
 */
import { moeSweep } from '../../core/analyses/moeSweep/sweep';
import { moeSweepRequest } from '../../shared/moeSweep';
import { handle, type EngineToolkit } from '../toolkit';

/** Handler of the sweep. */
export const moeSweepEngine: EngineToolkit = (env) => [
  handle(moeSweepRequest, (params, job) =>
    moeSweep(
      {
        modelsDir: env.modelsDir,
        load: (model) => env.models.get({ model, device: params.device, allowLocalFiles: false }),
      },
      params,
      {
        signal: job.signal,
        onProgress: (fraction, message) => job.progress(fraction, message),
        onPartial: (r) => job.partial?.(r),
      },
    ),
  ),
];
