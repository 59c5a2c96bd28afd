/**
 * @file Magnitude-prune merge: each task tensor keeps its top `density` share of entries by
 * magnitude, then the weighted sum is taken.
 *
 * With `space: 'factors'` (default) reproduces PEFT's `combination_type="magnitude_prune"`
 * (on A and B separately, weights √(w_i s_i), equal ranks); with `space: 'delta'` PEFT's
 * `magnitude_prune_svd`. Ties in magnitude at the threshold are kept lowest index first.
 */
import { mergeDeltaSpace } from './deltaSpace';
import { mergeFactorSpace } from './factorSpace';
import type { PruneOptions } from './pruneOptions';
import { densityCheck, tensorsMagnitudePrune } from './taskTensors';
import type { LoraAdapter } from '../../formats/peft/types';

/** PEFT's `magnitude_prune` (or `magnitude_prune_svd` with space 'delta'). */
export function mergeMagnitudePrune(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  options: PruneOptions,
): LoraAdapter {
  densityCheck(options.density, false);
  const merge = (t: readonly Float32Array[], w: readonly number[]) => tensorsMagnitudePrune(t, w, options);
  return options.space === 'delta'
    ? mergeDeltaSpace(adapters, weights, merge, options)
    : mergeFactorSpace(adapters, weights, merge, 'magnitude_prune');
}
