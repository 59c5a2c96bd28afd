/**
 * @file The routing toolkit in the engine: statistics of router logits given as rows, and the expert routing of
 * a text by a mixture-of-experts model (opened once and kept between requests).
 */
import { loadMoeModel } from '../../core/analyses/routing/moeModel';
import { routeText } from '../../core/analyses/routing/routeText';
import { rowsStats } from '../../core/analyses/routing/rowsStats';
import { ROUTING_LIMITS, routingRequest, routingStatsRequest } from '../../shared/routing';
import { loadOnce } from '../loadOnce';
import { handle, type EngineToolkit } from '../toolkit';

/** Handlers of the routing toolkit. */
export const routingEngine: EngineToolkit = (env) => {
  const modelOf = loadOnce((spec, allowLocalFiles) =>
    loadMoeModel(spec, { modelsDir: env.modelsDir, allowLocalFiles }),
  );
  return [
    handle(routingStatsRequest, (params) => rowsStats(params.rows, params.topK)),
    handle(routingRequest, async (params, job) =>
      routeText(await modelOf(params.model, params.allowLocalFiles), {
        text: params.text,
        offset: params.offset,
        source: params.source,
        languageId: params.languageId,
        topK: params.topK,
        maxTokens: params.maxTokens ?? ROUTING_LIMITS.maxTokens,
        signal: job.signal,
        onProgress: (done, total) => job.progress(done / total, `${done} of ${total} windows routed`),
      }),
    ),
  ];
};
