/**
 * @file Locations of the files Model Lens ships with (the embedded model zoo).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json, found by walking up from `start`. */
export function packageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'media'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No Model Lens package root above ${start}`);
  }
}

/** The embedded models folder: $MODEL_LENS_MODELS, else media/models of the package. */
export function modelsDir(start: string): string {
  return process.env['MODEL_LENS_MODELS'] ?? join(packageRoot(start), 'media', 'models');
}
