/**
 * @file The merge path PEFT's `add_weighted_adapter` takes for linear, ties, dare_linear,
 * dare_ties and magnitude_prune: the merge function is applied to the A factors and, separately,
 * to the B factors, each adapter weighted by √(w_i·s_i); the result keeps the common rank and
 * has scaling 1. B·A then contains cross terms B_i A_j (i ≠ j): this is not Σ w_i s_i B_i A_i.
 */
import { adaptersCheck, mergedAdapter, mergedModule, moduleNames, sitesOf } from './adapterSet';
import type { LoraAdapter, LoraModule } from '../../formats/peft/types';
import { LensError } from '../../errors';

/** A merge function on task tensors with their weights. */
export type TensorMerge = (tensors: readonly Float32Array[], weights: readonly number[]) => Float32Array;

/** Merges each module's A factors and B factors with `merge`, weights √(w_i s_i). */
export function mergeFactorSpace(
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  merge: TensorMerge,
  method: string,
): LoraAdapter {
  adaptersCheck(adapters, weights);
  const modules: LoraModule[] = moduleNames(adapters).map((name) => {
    const sites = sitesOf(adapters, weights, name);
    const ranks = new Set(sites.map((s) => s.module.rank));
    if (ranks.size > 1) {
      throw new LensError(
        'bad-input',
        `${method} needs equal ranks, but module ${name} has ranks ${[...ranks].join(' and ')}. Use cat or svd ` +
          `for adapters of different ranks.`,
      );
    }
    const w = sites.map((s) => {
      const ws = s.weight * s.module.scaling;
      if (ws < 0)
        throw new LensError(
          'bad-input',
          `${method} weights each adapter by √(weight × scaling), so weight ${s.weight} of adapter ` +
            `${s.index + 1} cannot be negative. Use cat, svd or task_arithmetic for negative weights.`,
        );
      return Math.sqrt(ws);
    });
    const first = sites[0]?.module;
    if (first === undefined) throw new LensError('bad-input', `No adapter adapts module ${name}.`);
    const a = merge(
      sites.map((s) => s.module.a.data),
      w,
    );
    const b = merge(
      sites.map((s) => s.module.b.data),
      w,
    );
    return mergedModule(
      name,
      { rows: first.a.rows, cols: first.a.cols, data: a },
      { rows: first.b.rows, cols: first.b.cols, data: b },
    );
  });
  return mergedAdapter(adapters, modules);
}
