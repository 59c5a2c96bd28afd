/**
 * @file TIES merge: each task tensor is pruned to its top `density` share by magnitude, a sign
 * is elected per entry (sign of the sum of the pruned tensors; ties to +), and each entry is the
 * mean of the weighted values that agree with it.
 *
 * With `space: 'factors'` (default) reproduces PEFT's `combination_type="ties"`: applied to the A
 * factors and to the B factors separately with weights √(w_i s_i) (equal ranks required).
 * With `space: 'delta'` it is PEFT's `ties_svd`: applied to the updates s_i B_i A_i with weights
 * w_i, then truncated SVD (see deltaSpace.ts for the scaling fix). Differs only where entries tie
 * in magnitude at the pruning threshold (we keep the lowest index first; torch.topk does not say).
 */
import { mergeDeltaSpace } from './deltaSpace';
import { mergeFactorSpace } from './factorSpace';
import type { PruneOptions } from './pruneOptions';
import { densityCheck, tensorsTies } from './taskTensors';
import type { LoraAdapter } from '../../formats/peft/types';

/** PEFT's `ties` (or `ties_svd` with space 'delta'). */
export function mergeTies(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  options: PruneOptions,
): LoraAdapter {
  densityCheck(options.density, false);
  const merge = (t: readonly Float32Array[], w: readonly number[]) => tensorsTies(t, w, options);
  return options.space === 'delta'
    ? mergeDeltaSpace(adapters, weights, merge, options)
    : mergeFactorSpace(adapters, weights, merge, 'ties');
}
