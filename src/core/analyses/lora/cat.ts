/**
 * @file CAT merge: per module, A = [w_1 s_1 A_1; …; w_n s_n A_n] stacked by rows and
 * B = [B_1 … B_n] side by side, so B·A = Σ w_i s_i B_i A_i exactly, at rank Σ r_i.
 *
 * Reproduces PEFT's `add_weighted_adapter(combination_type="cat")` exactly (same factors,
 * same order), with one difference in form: where only some adapters adapt a module, PEFT pads
 * that module's factors with zeros up to the global Σ r_i, while we give the module the rank
 * of the adapters present (written as a rank_pattern entry). The update ΔW is the same.
 */
import { adaptersCheck, mergedAdapter, mergedModule, moduleNames, sitesOf, type Site } from './adapterSet';
import type { LoraAdapter, LoraModule, Matrix } from '../../formats/peft/types';
import { columnsInto, scaledInto } from '../../numerics/copy';

/** Concatenates the sites' factors, each A row block scaled by `scaleOf(site)`. */
export function catFactors(name: string, sites: readonly Site[], scaleOf: (site: Site) => number): LoraModule {
  const rank = sites.reduce((s, x) => s + x.module.rank, 0);
  const inDim = sites[0]?.module.a.cols ?? 0;
  const outDim = sites[0]?.module.b.rows ?? 0;
  const a = new Float32Array(rank * inDim);
  const b = new Float32Array(outDim * rank);
  let row = 0;
  for (const site of sites) {
    const { a: ai, b: bi, rank: ri } = site.module;
    scaledInto(a, row * inDim, ai.data, ri * inDim, scaleOf(site));
    columnsInto(b, rank, row, bi.data, ri, outDim);
    row += ri;
  }
  const am: Matrix = { rows: rank, cols: inDim, data: a };
  const bm: Matrix = { rows: outDim, cols: rank, data: b };
  return mergedModule(name, am, bm);
}

/** PEFT's `cat`: ΔW = Σ w_i s_i B_i A_i exactly, rank Σ r_i. */
export function mergeCat(adapters: readonly LoraAdapter[], weights: readonly number[]): LoraAdapter {
  adaptersCheck(adapters, weights);
  const modules = moduleNames(adapters).map((name) =>
    catFactors(name, sitesOf(adapters, weights, name), (s) => s.weight * s.module.scaling),
  );
  return mergedAdapter(adapters, modules);
}
