/**
 * @file The copy and lookup probe in the engine: each model loaded from the shared cache, its copy card read
 * from the manifest (copy models get synthetic tasks over their alphabet and, when fixed-state, the bound), and
 * its tasks scored one model after the other with progress over the whole run.
 */
import { copySpecOf } from '../../core/analyses/copying/copySpec';
import { probeModel } from '../../core/analyses/copying/probeModel';
import { throwIfCancelled } from '../../core/errors';
import { requireText } from '../../core/text/decodeText';
import { copyProbeRequest, type CopyModelResult } from '../../shared/copying';
import { handle, type EngineToolkit } from '../toolkit';

/** Handlers of the copying toolkit. */
export const copyingEngine: EngineToolkit = (env) => [
  handle(copyProbeRequest, async (params, job) => {
    if (params.text !== undefined) requireText(params.text, params.source ?? 'The text');
    const models: CopyModelResult[] = [];
    const n = params.models.length;
    for (const [i, name] of params.models.entries()) {
      job.progress(i / n, `Loading ${name}`);
      const lm = await env.models.get({ model: name, device: params.device, allowLocalFiles: params.allowLocalFiles });
      throwIfCancelled(job.signal);
      const copy = copySpecOf(env.modelsDir, name);
      models.push(
        await probeModel(lm, {
          ...(params.text === undefined ? {} : { text: params.text }),
          ...(copy === undefined ? {} : { copy }),
          lengths: params.lengths,
          tasks: params.tasks,
          seed: params.seed,
          lookup: params.lookup,
          signal: job.signal,
          onProgress: (f, m) => job.progress((i + f) / n, `${name}: ${m}`),
        }),
      );
    }
    return {
      ...(params.source === undefined ? {} : { source: params.source }),
      seed: params.seed,
      tasks: params.tasks,
      models,
    };
  }),
];
