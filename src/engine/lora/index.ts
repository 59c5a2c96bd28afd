/**
 * @file The LoRA composition toolkit in the engine: compose and score, merge and write a PEFT
 * adapter, the adapters' statistics, and a plain evaluation on a task.
 */
import { adaptersRead } from '../../core/analyses/lora/loraSources';
import { loraCosines, tiesConflicts } from '../../core/analyses/lora/stats';
import {
  loraComposeRequest,
  loraEvalRequest,
  loraMergeRequest,
  loraStatsRequest,
  type LoraStatsResult,
} from '../../shared/lora';
import type { ParamsOf } from '../../shared/request';
import { handle, type EngineToolkit } from '../toolkit';
import { LoraJobs } from './jobs';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Per-layer cosines of the adapters' updates and the sign conflicts TIES resolves. */
async function loraStats(modelsDir: string, p: ParamsOf<typeof loraStatsRequest>): Promise<LoraStatsResult> {
  const adapters = (await adaptersRead(modelsDir, p.adapters, p.allowLocalFiles)).map((a) => a.adapter);
  const cosines = loraCosines(adapters).layers.map((row) => ({
    name: row.name,
    layer: row.layer,
    cosine: row.cosine.map((r) => r.map(finiteOrNull)),
  }));
  const conflicts = (await tiesConflicts(adapters, p.density)).layers.map((row) => ({
    ...row,
    share: finiteOrNull(row.share),
  }));
  return { cosines, conflicts };
}

/** Handlers of the LoRA composition toolkit. */
export const loraEngine: EngineToolkit = (env) => {
  const jobs = new LoraJobs(env.modelsDir);
  return [
    handle(loraComposeRequest, (params, job) => jobs.compose(params, job)),
    handle(loraMergeRequest, (params, job) => jobs.merge(params, job)),
    handle(loraEvalRequest, (params, job) => jobs.evaluate(params, job)),
    handle(loraStatsRequest, (params) => loraStats(env.modelsDir, params)),
  ];
};
