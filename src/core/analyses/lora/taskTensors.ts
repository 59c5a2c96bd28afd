/**
 * @file The merge functions on task tensors T_1..T_n (all the same length), following the
 * definitions of PEFT's `merge_utils`: task arithmetic Σ w_i T_i; magnitude pruning to the top
 * ⌊density·numel⌋ entries by |value|; DARE's random keep-with-probability-density and rescale;
 * TIES' sign election (sign of Σ T_i, or of Σ sign T_i; ties go to +) and disjoint mean of the
 * weighted entries that agree with it. Differences from PEFT: entries equal in magnitude at
 * the pruning threshold are kept lowest index first (torch.topk leaves the choice open), and
 * DARE masks come from a seeded generator, not torch's (same distribution, other draws).
 */
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';
import { magnitudePrune, randomPrune, weightedSum } from '../../numerics/elementwise';
import { disjointMerge, majoritySign, tiesMerge } from '../../numerics/ties';
import type { UniformSource } from '../../numerics/draws';

/** How TIES elects the sign of an entry. */
export type MajoritySignMethod = 'total' | 'frequency';

function checkSame(tensors: readonly Float32Array[], weights: readonly number[]): number {
  if (tensors.length === 0) throw new LensError('bad-input', 'Nothing to merge: give at least one adapter.');
  if (weights.length !== tensors.length)
    throw new LensError(
      'bad-input',
      `Got ${weights.length} weights for ${tensors.length} adapters; give one weight per adapter.`,
    );
  const n = tensors[0]?.length ?? 0;
  if (tensors.some((t) => t.length !== n))
    throw new LensError('bad-input', 'The tensors to merge differ in size; the adapters do not fit the same model.');
  return n;
}

/** Checks a density for pruning: a share of entries kept in (0, 1] (0 keeps nothing, and DARE divides by it). */
export function densityCheck(density: number): void {
  if (!Number.isFinite(density) || density <= 0 || density > 1) {
    throw new LensError(
      'bad-input',
      `Density ${quote(density)} is not usable: give the share of entries to keep, above 0 and at most 1.`,
    );
  }
}

/** Σ w_i T_i (summed in float64, rounded once to float32). */
export function tensorsTaskArithmetic(tensors: readonly Float32Array[], weights: readonly number[]): Float32Array {
  return weightedSum(tensors, weights, checkSame(tensors, weights));
}

/** T with all but its ⌊density·numel⌋ largest-magnitude entries set to 0; density 1 keeps all. */
export function tensorMagnitudePrune(t: Float32Array, density: number): Float32Array {
  densityCheck(density);
  return magnitudePrune(t, density >= 1 ? t.length : Math.floor(density * t.length));
}

/** DARE: each entry kept with probability `density` (draws from `random`), then divided by density. */
export function tensorRandomPrune(t: Float32Array, density: number, random: UniformSource): Float32Array {
  densityCheck(density);
  if (density >= 1) return t.slice();
  return randomPrune(t, density, random);
}

/**
 * The elected sign (+1 or −1) of every entry: sign of Σ T_i ('total') or of Σ sign T_i
 * ('frequency'); 0 sums elect +1.
 */
export function tensorsMajoritySign(tensors: readonly Float32Array[], method: MajoritySignMethod): Int8Array {
  return majoritySign(tensors, tensors[0]?.length ?? 0, method === 'frequency');
}

/** Σ_i w_i T_i·[sign T_i = elected] / max(1, #agreeing), entry by entry (zeros never agree; elected is ±1). */
export function tensorsDisjointMerge(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  elected: Int8Array,
): Float32Array {
  return disjointMerge(tensors, weights, elected, checkSame(tensors, weights));
}

/** Options of the pruning merges. */
export interface PruneMergeOptions {
  /** Share of entries kept, 0–1. */
  readonly density: number;
  /** TIES sign election. @default 'total' */
  readonly majoritySignMethod?: MajoritySignMethod;
  /** Draws in [0, 1) for DARE (required by the DARE merges); a source with `fill` is drawn in bulk. */
  readonly random?: UniformSource;
}

function needRandom(options: PruneMergeOptions): UniformSource {
  if (options.random === undefined) throw new LensError('bad-input', 'DARE needs a random source; give a seed.');
  return options.random;
}

/** PEFT's magnitude_prune: prune each T_i by magnitude, then Σ w_i T_i. */
export function tensorsMagnitudePrune(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  options: PruneMergeOptions,
): Float32Array {
  return tensorsTaskArithmetic(
    tensors.map((t) => tensorMagnitudePrune(t, options.density)),
    weights,
  );
}

/** PEFT's ties: magnitude prune, elect signs on the unweighted pruned tensors, disjoint merge of the weighted ones. */
export function tensorsTies(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  options: PruneMergeOptions,
): Float32Array {
  const n = checkSame(tensors, weights);
  const pruned = tensors.map((t) => tensorMagnitudePrune(t, options.density));
  return tiesMerge(pruned, weights, n, options.majoritySignMethod === 'frequency');
}

/** PEFT's dare_linear: random prune with rescale, then Σ w_i T_i. */
export function tensorsDareLinear(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  options: PruneMergeOptions,
): Float32Array {
  const random = needRandom(options);
  return tensorsTaskArithmetic(
    tensors.map((t) => tensorRandomPrune(t, options.density, random)),
    weights,
  );
}

/** PEFT's dare_ties: random prune with rescale, elect signs, disjoint merge. */
export function tensorsDareTies(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  options: PruneMergeOptions,
): Float32Array {
  const random = needRandom(options);
  const n = checkSame(tensors, weights);
  const pruned = tensors.map((t) => tensorRandomPrune(t, options.density, random));
  return tiesMerge(pruned, weights, n, options.majoritySignMethod === 'frequency');
}
