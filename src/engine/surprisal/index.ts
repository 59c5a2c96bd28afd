/**
 * @file The surprisal toolkit in the engine: bits of every token given those before it, and one token's top
 * predictions on demand for a run too long to carry them all.
 */
import { scoreText } from '../../core/analyses/surprisal/analyseSurprisal';
import { topAt } from '../../core/analyses/surprisal/topAt';
import { throwIfCancelled } from '../../core/errors';
import { refuseLargeText } from '../../core/model/textLimits';
import { requireText } from '../../core/text/decodeText';
import { surprisalRequest, surprisalTopRequest } from '../../shared/surprisal';
import { handle, type EngineToolkit } from '../toolkit';
import { KeptRuns } from './keptRuns';

/** Handlers of the surprisal toolkit. */
export const surprisalEngine: EngineToolkit = (env) => {
  const kept = new KeptRuns();
  return [
    handle(surprisalRequest, async (params, job) => {
      requireText(params.text);
      refuseLargeText(params.text, params.maxTokens);
      job.progress(0, `Loading ${params.model}`);
      const lm = await env.models.get(params);
      throwIfCancelled(job.signal);
      const { result, ids } = await scoreText(lm, params.text, {
        offset: params.offset,
        maxTokens: params.maxTokens,
        signal: job.signal,
        onProgress: job.progress,
      });
      if (result.tokens.length === 0 || result.tokens[0]?.top !== undefined) return result;
      const model = { model: params.model, device: params.device, allowLocalFiles: params.allowLocalFiles };
      return { ...result, topId: kept.keep({ model, ids }) };
    }),
    handle(surprisalTopRequest, async (params) => {
      const run = kept.get(params.topId);
      if (run === undefined) return {};
      return { top: await topAt(await env.models.get(run.model), run.ids, params.index) };
    }),
  ];
};
