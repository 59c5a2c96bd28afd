/**
 * @file Reads per-example gradients from a file: JSON (an array of matrices as arrays of rows, or `{name:
 * matrices}` for several layers) or safetensors (a 3-D tensor [count, m, n] per layer, or 2-D pairs `<name>.u`
 * [count, m] and `<name>.v` [count, n] for rank-1 gradients).
 */
import { LensError } from '../../errors';
import type { GradientStack } from './types';

/** Options of {@link readGradients}. */
export interface ReadGradientsOptions {
  /** Layers kept (all when absent); a name the file lacks is a `bad-input` listing the file's layers. */
  readonly layers?: readonly string[];
  readonly signal?: AbortSignal;
}

/** The gradient stacks of a `.json` or `.safetensors` file, checked (shapes, not empty, finite). */
export async function readGradients(path: string, options: ReadGradientsOptions = {}): Promise<GradientStack[]> {
  await Promise.resolve(options);
  throw new LensError('bad-input', `Reading ${path} is not written yet.`);
}
