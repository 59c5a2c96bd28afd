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
  if (!existsSync(join(ROOT, 'dist', 'engine.js')) || !existsSync(join(ROOT, 'dist', 'cli.js'))) {
    execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }
}
