/**
 * @file SVD merge: ΔW = Σ w_i s_i B_i A_i, factorised by truncated SVD at rank k
 * (B = U_k Σ_k, A = V_kᵀ; default k = the largest source rank). By Eckart–Young this is the
 * best rank-k approximation of the exact weighted sum; at k ≥ rank(ΔW) it is exact.
 *
 * Reproduces PEFT's `add_weighted_adapter(combination_type="svd")` with PEFT PR #3111 applied:
 * released PEFT applies each s_i twice (pass `peftDoubleScaling: true` for that). We never form
 * ΔW: the SVD of the concatenated factors is taken through QR of both (exact, O((out + in)·R²));
 * singular vectors may differ from torch's by sign, the product B·A does not. `svd_clamp` is
 * not implemented. PEFT requires k ≤ min(out, in) implicitly; we check it with a message.
 */
import { adaptersCheck, mergedAdapter, mergedModule, moduleNames, sitesOf } from './adapterSet';
import { catFactors } from './cat';
import { deltaRank, type DeltaMergeOptions } from './deltaSpace';
import { lowRankSvd } from './svdFactor';
import type { LoraAdapter } from '../../formats/peft/types';

/** PEFT's `svd`: truncated SVD of Σ w_i s_i B_i A_i at `options.rank`. */
export function mergeSvd(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  options: DeltaMergeOptions = {},
): LoraAdapter {
  adaptersCheck(adapters, weights);
  const k = deltaRank(adapters, options.rank);
  const twice = options.peftDoubleScaling === true;
  const modules = moduleNames(adapters).map((name) => {
    const cat = catFactors(
      name,
      sitesOf(adapters, weights, name),
      (s) => s.weight * s.module.scaling * (twice ? s.module.scaling : 1),
    );
    const f = lowRankSvd(cat.b, cat.a, k);
    return mergedModule(name, f.a, f.b);
  });
  return mergedAdapter(adapters, modules);
}
