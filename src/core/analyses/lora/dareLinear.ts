/**
 * @file DARE-linear merge: each entry of each task tensor is kept with probability `density`
 * and divided by it (dropped otherwise), then the weighted sum is taken.
 *
 * Follows PEFT's `combination_type="dare_linear"` (`space: 'factors'`: on A and B separately,
 * weights √(w_i s_i)) and `dare_linear_svd` (`space: 'delta'`). The masks come from a seeded
 * generator (mulberry32, `seed`), not torch.bernoulli: same distribution, different draws, so
 * results match PEFT in expectation, not entry by entry. Draws are taken module by module in
 * name order, A tensors then B tensors, adapter by adapter. Density 0 is refused (PEFT divides by it).
 */
import { mergeDeltaSpace } from './deltaSpace';
import { mergeFactorSpace } from './factorSpace';
import { dareRandom, type PruneOptions } from './pruneOptions';
import { tensorsDareLinear } from './taskTensors';
import type { LoraAdapter } from '../../formats/peft/types';

/** PEFT's `dare_linear` (or `dare_linear_svd` with space 'delta'), with seeded masks. */
export function mergeDareLinear(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  options: PruneOptions,
): LoraAdapter {
  const random = dareRandom(options);
  const merge = (t: readonly Float32Array[], w: readonly number[]) =>
    tensorsDareLinear(t, w, { density: options.density, random });
  return options.space === 'delta'
    ? mergeDeltaSpace(adapters, weights, merge, options)
    : mergeFactorSpace(adapters, weights, merge, 'dare_linear');
}
