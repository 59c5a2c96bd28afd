/**
 * @file Worker threads of the engine's toolkits. Each worker is bundled alone beside the engine's and the CLI's
 * bundles (`dist/<bundle>`, see esbuild.mjs); run from the TypeScript sources (tests, benches), the worker's source
 * file is loaded through tsx instead.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** A worker's script: the bundle in `dir` when it is there, else the TypeScript source beside it. */
export interface WorkerScript {
  readonly file: string;
  readonly tsx: boolean;
}

/** The script of the worker bundled as `bundle` in `dir`, else its TypeScript `source` (a path under `dir`). */
export function workerScriptIn(dir: string, bundle: string, source: string): WorkerScript {
  const bundled = join(dir, bundle);
  if (existsSync(bundled)) return { file: bundled, tsx: false };
  return { file: join(dir, source), tsx: true };
}

/** Starts a worker on the script (a TypeScript source registers tsx's loader first). */
export function startWorker(script: WorkerScript): Worker {
  if (!script.tsx) return new Worker(script.file);
  const tsx = JSON.stringify(require.resolve('tsx/cjs/api'));
  return new Worker(`require(${tsx}).register(); require(${JSON.stringify(script.file)});`, { eval: true });
}
