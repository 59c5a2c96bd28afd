/**
 * @file The dependencies toolkit in the engine: how many earlier tokens each prediction depends on,
 * and which (attention and ablation), with per-head sparsity statistics.
 */
import { dependenciesRequest } from '../../shared/dependencies';
import { handle, type EngineToolkit } from '../toolkit';
import { DependenciesJobs } from './jobs';

/** Handlers of the dependencies toolkit; dependency models are loaded once per engine. */
export const dependenciesEngine: EngineToolkit = (env) => {
  const jobs = new DependenciesJobs(env.modelsDir);
  return [handle(dependenciesRequest, (params, job) => jobs.run(params, job.signal, job.progress))];
};
