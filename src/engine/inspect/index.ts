/**
 * @file The inspector in the engine: `inspect.file` reads a model file's or adapter folder's headers (no model is
 * loaded and no code runs, so it is allowed in a restricted workspace too).
 */
import { inspectModelFile } from '../../core/inspect/index';
import { inspectRequest } from '../../shared/inspect';
import { handle, type EngineToolkit } from '../toolkit';

/** Handlers of the inspector. */
export const inspectEngine: EngineToolkit = () => [
  handle(inspectRequest, (params, job) => inspectModelFile(params.path, { signal: job.signal })),
];
