/**
 * @file The surprisal toolkit in the engine: bits of every token given those before it.
 */
import { analyseSurprisal } from '../../core/analyses/surprisal/analyseSurprisal';
import { throwIfCancelled } from '../../core/errors';
import { refuseLargeText } from '../../core/model/textLimits';
import { requireText } from '../../core/text/decodeText';
import { surprisalRequest } from '../../shared/surprisal';
import { handle, type EngineToolkit } from '../toolkit';

/** Handlers of the surprisal toolkit. */
export const surprisalEngine: EngineToolkit = (env) => [
  handle(surprisalRequest, async (params, job) => {
    requireText(params.text);
    refuseLargeText(params.text, params.maxTokens);
    job.progress(0, `Loading ${params.model}`);
    const lm = await env.models.get(params);
    throwIfCancelled(job.signal);
    return analyseSurprisal(lm, params.text, {
      offset: params.offset,
      maxTokens: params.maxTokens,
      signal: job.signal,
      onProgress: job.progress,
    });
  }),
];
