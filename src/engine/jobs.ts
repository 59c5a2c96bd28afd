/**
 * @file Runs one engine request. Shared by the engine process and the CLI (which runs it in process).
 */
import type { EngineRequest, EngineResults } from '../shared/protocol';
import type { ModelCache } from './modelCache';
import type { LoraJobs } from './loraJobs';

/** What a running request can use. */
export interface JobContext {
  readonly models: ModelCache;
  readonly lora: LoraJobs;
  readonly signal: AbortSignal;
  readonly progress: (fraction: number, message: string) => void;
}

/** Runs a request to completion and returns its result. */
export async function runJob<R extends EngineRequest>(request: R, ctx: JobContext): Promise<EngineResults[R['type']]> {
  switch (request.type) {
    case 'loraCompose':
      return (await ctx.lora.compose(request.params, ctx.signal, ctx.progress)) as EngineResults[R['type']];
    case 'loraSave':
      return (await ctx.lora.save(request.params)) as EngineResults[R['type']];
  }
}

