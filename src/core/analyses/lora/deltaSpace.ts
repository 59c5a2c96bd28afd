/**
 * @file The merge path of PEFT's `*_svd` combinations: each adapter's full update
 * T_i = s_i·B_i·A_i is formed, the merge function combines them with weights w_i, and the
 * result is factorised by truncated SVD (B = U_k Σ_k, A = V_kᵀ) at the chosen rank
 * (default: the largest source rank), with scaling 1.
 *
 * Where it differs from PEFT: released PEFT multiplies the weights by s_i although T_i already
 * includes s_i (the scaling applied twice; fixed by PEFT PR #3111). We apply it once;
 * `peftDoubleScaling: true` reproduces the released behaviour. PEFT's optional `svd_clamp`
 * (quantile clamp of the factors) is not implemented.
 */
import { adaptersCheck, mergedAdapter, mergedModule, moduleNames, sitesOf } from './adapterSet';
import type { TensorMerge } from './factorSpace';
import { matmul } from '../../numerics/gemm';
import { denseTruncatedSvd, type DenseSvdOptions } from './svdFactor';
import type { LoraAdapter, LoraModule } from '../../formats/peft/types';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';

/** Options of the SVD-based merges. */
export interface DeltaMergeOptions {
  /** Rank of the merged adapter. @default the largest source rank */
  readonly rank?: number;
  /** Apply s_i twice, as released PEFT does. @default false */
  readonly peftDoubleScaling?: boolean;
  /** Settings of the dense truncated SVD. */
  readonly svd?: DenseSvdOptions;
}

/** The rank to factorise at: `rank` (a positive integer), or the largest source rank. */
export function deltaRank(adapters: readonly LoraAdapter[], rank: number | undefined): number {
  if (rank !== undefined && !(Number.isSafeInteger(rank) && rank >= 1))
    throw new LensError('bad-input', `Rank ${quote(rank)} is not usable: give the merged rank as an integer from 1.`);
  return rank ?? Math.max(...adapters.map((a) => Math.max(...[...a.modules.values()].map((m) => m.rank))));
}

/** Merges each module's dense updates with `merge`, then factorises the result at the chosen rank. */
export async function mergeDeltaSpace(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  merge: TensorMerge,
  options: DeltaMergeOptions = {},
): Promise<LoraAdapter> {
  adaptersCheck(adapters, weights);
  const k = deltaRank(adapters, options.rank);
  const modules: LoraModule[] = [];
  for (const name of moduleNames(adapters)) {
    const sites = sitesOf(adapters, weights, name);
    const deltas: Float32Array[] = [];
    for (const s of sites) deltas.push((await matmul(s.module.b, s.module.a, { alpha: s.module.scaling })).data);
    const w = sites.map((s) => s.weight * (options.peftDoubleScaling === true ? s.module.scaling : 1));
    const rows = sites[0]?.module.b.rows ?? 0;
    const cols = sites[0]?.module.a.cols ?? 0;
    const f = await denseTruncatedSvd({ rows, cols, data: merge(deltas, w) }, k, options.svd);
    modules.push(mergedModule(name, f.a, f.b));
  }
  return mergedAdapter(adapters, modules);
}
