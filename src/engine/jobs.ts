/**
 * @file Runs one engine request. Shared by the engine process and the CLI (which runs it in process).
 */
import type { EngineRequest, EngineResults } from '../shared/protocol';
import type { ModelCache } from './modelCache';
import type { TreesJobs } from './treesJobs';
import type { DependenciesJobs } from './dependenciesJob';
import type { PositionsJobs } from './positionsJobs';

/** What a running request can use. */
export interface JobContext {
  readonly models: ModelCache;
  readonly trees: TreesJobs;
  readonly dependencies: DependenciesJobs;
  readonly positions: PositionsJobs;
  readonly signal: AbortSignal;
  readonly progress: (fraction: number, message: string) => void;
}

/** Runs a request to completion and returns its result. */
export async function runJob<R extends EngineRequest>(request: R, ctx: JobContext): Promise<EngineResults[R['type']]> {
  switch (request.type) {
    case 'treesTrain':
      return (await ctx.trees.train(request.params, ctx.signal, ctx.progress)) as EngineResults[R['type']];
    case 'treesGenerate':
      return ctx.trees.generate(request.params) as EngineResults[R['type']];
    case 'treesTrace':
      return (await ctx.trees.trace(request.params, ctx.signal)) as EngineResults[R['type']];
    case 'dependencies':
      return (await ctx.dependencies.run(request.params, ctx.signal, ctx.progress)) as EngineResults[R['type']];
    case 'positions':
      return (await ctx.positions.show(request.params, ctx.signal)) as EngineResults[R['type']];
    case 'lengthProbe':
      return (await ctx.positions.probe(request.params, ctx.signal, ctx.progress)) as EngineResults[R['type']];
  }
}

