/**
 * @file The dense update of a merge, ΔW = Σ w_i s_i B_i A_i per module: what applying the merged
 * adapters to a model's base weights costs. Computed as one product of the concatenated
 * factors, on the numerics kernel.
 */
import { adaptersCheck, moduleNames, sitesOf } from './adapterSet';
import { catFactors } from './cat';
import { matmul } from '../../numerics/gemm';
import type { LoraAdapter, Matrix } from '../../formats/peft/types';

/** ΔW = Σ w_i s_i B_i A_i for every module the adapters adapt, by module name. */
export async function denseDeltas(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
): Promise<Map<string, Matrix>> {
  adaptersCheck(adapters, weights);
  const out = new Map<string, Matrix>();
  for (const name of moduleNames(adapters)) {
    const cat = catFactors(name, sitesOf(adapters, weights, name), (s) => s.weight * s.module.scaling);
    out.set(name, await matmul(cat.b, cat.a));
  }
  return out;
}
