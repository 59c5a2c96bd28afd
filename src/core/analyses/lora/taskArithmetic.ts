/**
 * @file Task arithmetic on the adapters' updates: ΔW = Σ w_i s_i B_i A_i exactly (negative
 * weights allowed, e.g. to subtract a skill), stored without loss as concatenated factors of
 * rank Σ r_i, or truncated to `rank` by SVD when one is given.
 *
 * PEFT has no combination of this name: its exact form is PEFT's `cat` (identical factors),
 * and its truncated form is PEFT's `svd`. mergekit's `task_arithmetic` on the full weights
 * W0 + Σ w_i ΔW_i gives the same weights as this update added to W0.
 */
import { mergeCat } from './cat';
import type { DeltaMergeOptions } from './deltaSpace';
import { mergeSvd } from './svd';
import type { LoraAdapter } from '../../formats/peft/types';

/** Σ w_i s_i B_i A_i, exact unless `options.rank` asks for a truncation. */
export async function mergeTaskArithmetic(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  options: DeltaMergeOptions = {},
): Promise<LoraAdapter> {
  return options.rank === undefined ? mergeCat(adapters, weights) : mergeSvd(adapters, weights, options);
}
