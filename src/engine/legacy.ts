/**
 * @file Transitional: the request types not yet moved to toolkit modules, served through the old
 * `runJob` switch. Each toolkit's move deletes its types here; the file goes when the list is empty.
 */
import type { EngineRequest } from '../shared/protocol';
import { isToEngine } from '../shared/validate';
import { v } from '../shared/schema';
import { runJob } from './jobs';
import { TreesJobs } from './treesJobs';
import { DependenciesJobs } from './dependenciesJob';
import { PositionsJobs } from './positionsJobs';
import { handle, type EngineToolkit } from './toolkit';

const LEGACY_TYPES = [
  'treesTrain',
  'treesGenerate',
  'treesTrace',
  'dependencies',
  'positions',
  'lengthProbe',
] as const;

/** Handlers of the request types still served by `runJob`. */
export const legacyEngine: EngineToolkit = (env) => {
  const ctx = {
    models: env.models,
    trees: new TreesJobs(env.modelsDir),
    dependencies: new DependenciesJobs(env.modelsDir),
    positions: new PositionsJobs(env.modelsDir),
  };
  return LEGACY_TYPES.map((type) => {
    const params = v.custom<unknown>((p) => isToEngine({ type, id: 0, params: p }), `malformed ${type} params`);
    const kind = { name: type, params, result: v.unknown() };
    return handle(kind, (p: unknown, job) =>
      runJob({ type, id: 0, params: p } as EngineRequest, { ...ctx, signal: job.signal, progress: job.progress }),
    );
  });
};
