/**
 * @file The remaining-length toolkit in the engine: a prompt answered greedily by a remaining-length model, with
 * TRAIL's per-token prediction of the remaining length (probe, Bayesian refinement, prompt-only baseline, truth)
 * and the layer scan. Loaded models stay open between requests; each step is reported as progress and sent as a
 * partial result (the steps so far), which the panel draws as the model writes.
 */
import { predictRemaining } from '../../core/analyses/remaining/predict';
import { loadRemainingModel } from '../../core/analyses/remaining/remainingModel';
import { REMAINING_OPTIONS, remainingPredictRequest } from '../../shared/remaining';
import { loadOnce } from '../loadOnce';
import { handle, type EngineToolkit } from '../toolkit';

/** Handlers of the remaining-length toolkit. */
export const remainingEngine: EngineToolkit = (env) => {
  const model = loadOnce((spec, allowLocalFiles) =>
    loadRemainingModel(spec, { modelsDir: env.modelsDir, allowLocalFiles }),
  );
  return [
    handle(remainingPredictRequest, async (params, job) => {
      const m = await model(params.model ?? REMAINING_OPTIONS.model, params.allowLocalFiles);
      return predictRemaining(m, {
        prompt: params.prompt,
        maxTokens: params.maxTokens,
        ...(params.layer === undefined ? {} : { layer: params.layer }),
        signal: job.signal,
        onStep: (partial) => {
          const n = partial.steps.length;
          const last = partial.steps[n - 1];
          const est = last === undefined ? '' : `, about ${Math.round(last.refined)} to go`;
          job.progress(n / params.maxTokens, `${n} tokens written${est}`);
          job.partial?.(partial);
        },
      });
    }),
  ];
};
