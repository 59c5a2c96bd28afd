/**
 * @file DARE-TIES merge: DARE's random drop-and-rescale, then TIES' sign election and disjoint
 * mean of the weighted agreeing entries.
 *
 * Follows PEFT's `combination_type="dare_ties"` (`space: 'factors'`) and `dare_ties_svd`
 * (`space: 'delta'`), with seeded masks instead of torch's (see dareLinear.ts): equal to PEFT
 * in distribution, not draw by draw.
 */
import { mergeDeltaSpace } from './deltaSpace';
import { mergeFactorSpace } from './factorSpace';
import { dareRandom, type PruneOptions } from './pruneOptions';
import { tensorsDareTies } from './taskTensors';
import type { LoraAdapter } from '../../formats/peft/types';

/** PEFT's `dare_ties` (or `dare_ties_svd` with space 'delta'), with seeded masks. */
export function mergeDareTies(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  options: PruneOptions,
): LoraAdapter {
  const random = dareRandom(options);
  const merge = (t: readonly Float32Array[], w: readonly number[]) =>
    tensorsDareTies(t, w, {
      density: options.density,
      random,
      majoritySignMethod: options.majoritySignMethod ?? 'total',
    });
  return options.space === 'delta'
    ? mergeDeltaSpace(adapters, weights, merge, options)
    : mergeFactorSpace(adapters, weights, merge, 'dare_ties');
}
