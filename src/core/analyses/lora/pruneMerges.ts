/**
 * @file The pruning merges, each in PEFT's two spaces: `space: 'factors'` (default) works on the A
 * factors and on the B factors separately with weights √(w_i s_i) (equal ranks required), as PEFT's
 * `combination_type="<name>"`; `space: 'delta'` works on the updates s_i B_i A_i with weights w_i,
 * then truncated SVD, as PEFT's `<name>_svd` (see deltaSpace.ts for the scaling fix).
 *
 * - **TIES**: each task tensor is pruned to its top `density` share by magnitude, a sign is
 *   elected per entry (sign of the sum of the pruned tensors; ties to +), and each entry is the
 *   mean of the weighted values that agree with it.
 * - **Magnitude prune**: each task tensor keeps its top `density` share of entries by magnitude,
 *   then the weighted sum is taken.
 * - **DARE-linear**: each entry of each task tensor is kept with probability `density` and divided
 *   by it (dropped otherwise), then the weighted sum is taken.
 * - **DARE-TIES**: DARE's random drop-and-rescale, then TIES' sign election and disjoint mean.
 *
 * Every density must lie in (0, 1]: 0 would keep nothing (and DARE divides by it), above 1 means nothing.
 *
 * Pruning by magnitude differs from PEFT only where entries tie at the threshold (we keep the lowest
 * index first; torch.topk does not say). DARE's masks come from a seeded generator (mulberry32,
 * `seed`), not torch.bernoulli: same distribution, different draws, so results match PEFT in
 * expectation, not entry by entry. Draws are taken module by module in name order, A tensors then
 * B tensors, adapter by adapter, one draw per entry in entry order (the draws of rngSeeded(seed),
 * taken in bulk); bench/lora_numpy.py reproduces them in numpy from this order.
 */
import { mergeDeltaSpace } from './deltaSpace';
import { mergeFactorSpace, type TensorMerge } from './factorSpace';
import { dareRandom, type PruneOptions } from './pruneOptions';
import { densityCheck, tensorsDareLinear, tensorsDareTies, tensorsMagnitudePrune, tensorsTies } from './taskTensors';
import type { LoraAdapter } from '../../formats/peft/types';

type Adapters = readonly LoraAdapter[];
type Weights = readonly number[];

async function mergeIn(
  adapters: Adapters,
  weights: Weights,
  options: PruneOptions,
  merge: TensorMerge,
  name: string,
): Promise<LoraAdapter> {
  return options.space === 'delta'
    ? mergeDeltaSpace(adapters, weights, merge, options)
    : mergeFactorSpace(adapters, weights, merge, name);
}

/** PEFT's `ties` (or `ties_svd` with space 'delta'). */
export async function mergeTies(adapters: Adapters, weights: Weights, options: PruneOptions): Promise<LoraAdapter> {
  densityCheck(options.density);
  return mergeIn(adapters, weights, options, (t, w) => tensorsTies(t, w, options), 'ties');
}

/** PEFT's `magnitude_prune` (or `magnitude_prune_svd` with space 'delta'). */
export async function mergeMagnitudePrune(
  adapters: Adapters,
  weights: Weights,
  options: PruneOptions,
): Promise<LoraAdapter> {
  densityCheck(options.density);
  return mergeIn(adapters, weights, options, (t, w) => tensorsMagnitudePrune(t, w, options), 'magnitude_prune');
}

/** PEFT's `dare_linear` (or `dare_linear_svd` with space 'delta'), with seeded masks. */
export async function mergeDareLinear(
  adapters: Adapters,
  weights: Weights,
  options: PruneOptions,
): Promise<LoraAdapter> {
  const random = dareRandom(options);
  const merge: TensorMerge = (t, w) => tensorsDareLinear(t, w, { density: options.density, random });
  return mergeIn(adapters, weights, options, merge, 'dare_linear');
}

/** PEFT's `dare_ties` (or `dare_ties_svd` with space 'delta'), with seeded masks. */
export async function mergeDareTies(adapters: Adapters, weights: Weights, options: PruneOptions): Promise<LoraAdapter> {
  const random = dareRandom(options);
  const majoritySignMethod = options.majoritySignMethod ?? 'total';
  const merge: TensorMerge = (t, w) => tensorsDareTies(t, w, { density: options.density, random, majoritySignMethod });
  return mergeIn(adapters, weights, options, merge, 'dare_ties');
}
