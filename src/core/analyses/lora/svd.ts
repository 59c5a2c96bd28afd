/**
 * @file SVD merge: ΔW = Σ w_i s_i B_i A_i, factorised by truncated SVD at rank k
 * (B = U_k Σ_k, A = V_kᵀ; default k = the largest source rank). By Eckart–Young this is the
 * best rank-k approximation of the exact weighted sum; at k ≥ rank(ΔW) it is exact.
 *
 * Reproduces PEFT's `add_weighted_adapter(combination_type="svd")` with PEFT PR #3111 applied:
 * released PEFT applies each s_i twice (pass `peftDoubleScaling: true` for that). We never form
 * ΔW: the SVD of the concatenated factors is taken through Gram passes over both (exact, O((out + in)·R²));
 * singular vectors may differ from torch's by sign, the product B·A does not. `svd_clamp` is
 * not implemented. PEFT requires k ≤ min(out, in) implicitly; we check it with a message.
 */
import { adaptersCheck, mergedAdapter, mergedModule, moduleNames, sitesOf } from './adapterSet';
import { catFactors } from './cat';
import { deltaRank, type DeltaMergeOptions } from './deltaSpace';
import { lowRankSvdBatched, type Factors } from './svdFactor';
import type { LoraAdapter, LoraModule } from '../../formats/peft/types';

/** PEFT's `svd`: truncated SVD of Σ w_i s_i B_i A_i at `options.rank`. */
export async function mergeSvd(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  options: DeltaMergeOptions = {},
): Promise<LoraAdapter> {
  adaptersCheck(adapters, weights);
  const k = deltaRank(adapters, options.rank);
  const twice = options.peftDoubleScaling === true;
  const cats = moduleNames(adapters).map((name) =>
    catFactors(
      name,
      sitesOf(adapters, weights, name),
      (s) => s.weight * s.module.scaling * (twice ? s.module.scaling : 1),
    ),
  );
  // Modules of one shape are factorised together: one batched kernel call per step instead of one per module.
  const byShape = new Map<string, LoraModule[]>();
  for (const c of cats) {
    const key = `${c.b.rows}×${c.rank}×${c.a.cols}`;
    byShape.set(key, [...(byShape.get(key) ?? []), c]);
  }
  const merged = new Map<string, LoraModule>();
  for (const group of byShape.values()) {
    const factors = await lowRankSvdBatched(
      group.map((c) => c.b),
      group.map((c) => c.a),
      k,
    );
    group.forEach((c, i) => {
      const f = factors[i] as Factors;
      merged.set(c.name, mergedModule(c.name, f.a, f.b));
    });
  }
  return mergedAdapter(
    adapters,
    cats.map((c) => merged.get(c.name) as LoraModule),
  );
}
