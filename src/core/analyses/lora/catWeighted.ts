/**
 * @file CAT with per-layer weights (LoRA Soups): each adapted module in layer ℓ mixes LoRA i
 * with weight π_{ℓ,i} (a softmax of learned logits a_{ℓ,·} in the paper), and the trained
 * composition exports as one LoRA of rank Σ r_i: A = [π_{ℓ,i} s_i A_i] stacked, B = [B_i]
 * side by side, alpha = rank. Learning the logits needs the base model and a dev set (the
 * engine's job); here are the weights' data structure and the merge given them. With every
 * row of weights equal to w this is PEFT's `cat` with weights w, exactly.
 */
import { adaptersCheck, mergedAdapter, moduleNames, sitesOf } from './adapterSet';
import { catFactors } from './cat';
import { rngSeeded } from '../../random/rng';
import type { LoraAdapter } from '../../formats/peft/types';
import { LensError } from '../../errors';

/** Per-layer mixing logits for `loras` adapters over `layers` layers, row-major [layer × lora]. */
export interface CatLogits {
  readonly layers: number;
  readonly loras: number;
  readonly logits: Float64Array;
}

/** The transformer layer of a module name: the first all-digit path component (`model.layers.3.mlp` → 3), or −1. */
export function layerIndexOf(moduleName: string): number {
  const part = moduleName.split('.').find((p) => /^\d+$/u.test(p));
  return part === undefined ? -1 : Number(part);
}

/** The number of layers the adapters span: 1 + the largest layer index of any module. */
export function layerCount(adapters: readonly LoraAdapter[]): number {
  return 1 + Math.max(-1, ...moduleNames(adapters).map(layerIndexOf));
}

/** Logits drawn from N(0, 1) with a seed, as the paper initialises them. */
export function catLogitsInit(layers: number, loras: number, seed = 0): CatLogits {
  const next = rngSeeded(seed);
  const logits = new Float64Array(layers * loras);
  for (let i = 0; i < logits.length; i += 2) {
    const u = Math.max(next(), 1e-12);
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    logits[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < logits.length) logits[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return { layers, loras, logits };
}

/** Row-wise softmax of the logits: weights[layer][lora], each row summing to 1. */
export function catWeightsFromLogits(c: CatLogits): number[][] {
  const out: number[][] = [];
  for (let l = 0; l < c.layers; l++) {
    const row = Array.from(c.logits.subarray(l * c.loras, (l + 1) * c.loras));
    const max = Math.max(...row);
    const e = row.map((x) => Math.exp(x - max));
    const z = e.reduce((a, b) => a + b, 0);
    out.push(e.map((x) => x / z));
  }
  return out;
}

/** Options for `catWeighted`. */
export interface CatWeightedOptions {
  /** Maps a module name to its row of `weights`. @default layerIndexOf */
  readonly layerOf?: (moduleName: string) => number;
}

/** CAT merge with weights[layer][lora]: ΔW_module = Σ_i weights[layer(module)][i] · s_i · B_i A_i, exactly. */
export function catWeighted(
  adapters: readonly LoraAdapter[],
  weights: readonly (readonly number[])[],
  options: CatWeightedOptions = {},
): LoraAdapter {
  adaptersCheck(
    adapters,
    adapters.map(() => 1),
  );
  const layerOf = options.layerOf ?? layerIndexOf;
  const modules = moduleNames(adapters).map((name) => {
    const layer = layerOf(name);
    const row = weights[layer];
    if (row === undefined)
      throw new LensError(
        'bad-input',
        `Module ${name} is in layer ${layer}, but CAT weights are given for layers 0–${weights.length - 1}. Give ` +
          `one row of weights per layer.`,
      );
    if (row.length !== adapters.length || !row.every(Number.isFinite)) {
      throw new LensError(
        'bad-input',
        `CAT weights for layer ${layer} are ${JSON.stringify(row)}; give ${adapters.length} finite numbers, one ` +
          `per adapter.`,
      );
    }
    return catFactors(name, sitesOf(adapters, row, name), (s) => s.weight * s.module.scaling);
  });
  return mergedAdapter(adapters, modules);
}
