/**
 * @file Paths and small helpers shared by the unit tests.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** The project root. */
export const ROOT = join(__dirname, '..', '..');
/** The embedded model zoo. */
export const MODELS = join(ROOT, 'media', 'models');
/** Test fixtures. */
export const FIXTURES = join(ROOT, 'test', 'fixtures');
/** A log function that drops everything. */
export const quiet = (): void => undefined;

/** Builds dist/ once if a test needs the bundles and they are missing. */
export function ensureBuilt(): void {
  if (
    !['engine.js', 'cli.js', 'parityWorker.js', 'kronEigWorker.js'].every((file) =>
      existsSync(join(ROOT, 'dist', file)),
    )
  ) {
    execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** A stand-in for an onnxruntime session: anything with a `run` method. */
interface Runs {
  run(...args: never[]): Promise<unknown>;
}

/**
 * `session` with its `run` calls counted; `controller` aborts once `abortAfter` runs have finished. Every other
 * member is the session's own.
 */
export function countedSession<S extends Runs>(
  session: S,
  abortAfter: number,
  controller: AbortController,
): { session: S; runs: () => number } {
  let runs = 0;
  const proxy = new Proxy(session, {
    get(target, key) {
      if (key === 'run')
        return async (...args: Parameters<S['run']>) => {
          runs++;
          const out = await target.run(...args);
          if (runs === abortAfter) controller.abort();
          return out;
        };
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { session: proxy, runs: () => runs };
}
