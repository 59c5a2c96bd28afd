/**
 * @file Statistics of a set of adapters, per module and per layer: the cosine similarity of
 * their updates ΔW_i = s_i B_i A_i (computed from the factors, never forming ΔW), and the sign
 * conflicts TIES resolves: entries of the magnitude-pruned updates where two or more adapters
 * are non-zero with opposite signs, as a share of the entries where two or more are non-zero.
 */
import { adaptersCheck, moduleNames, sitesOf } from './adapterSet';
import { layerIndexOf } from './catWeighted';
import { lowRankInner } from './matrix';
import { matmul } from '../../numerics/gemm';
import { tensorMagnitudePrune } from './taskTensors';
import type { LoraAdapter, LoraModule, Matrix } from '../../formats/peft/types';
import { LensError } from '../../errors';

/** The dense update s·B·A of a module, [out × in], on the numerics kernel. */
export function moduleDelta(m: LoraModule): Promise<Matrix> {
  return matmul(m.b, m.a, { alpha: m.scaling });
}

/** Pairwise cosines of one module or layer; NaN where an adapter is absent or zero there. */
export interface CosineRow {
  /** Module name, or `layer N` (`other` for modules outside numbered layers). */
  readonly name: string;
  readonly layer: number;
  /** cosine[i][j] between adapters i and j. */
  readonly cosine: number[][];
}

interface Gram {
  readonly inner: Float64Array;
  readonly n: number;
}

function moduleGram(adapters: readonly LoraAdapter[], name: string): Gram {
  const n = adapters.length;
  const inner = new Float64Array(n * n);
  const sites = sitesOf(
    adapters,
    adapters.map(() => 1),
    name,
  );
  for (const x of sites) {
    for (const y of sites) {
      if (y.index < x.index) continue;
      const v = x.module.scaling * y.module.scaling * lowRankInner(x.module.b, x.module.a, y.module.b, y.module.a);
      if (!Number.isFinite(v))
        throw new LensError(
          'bad-input',
          `The updates of adapters ${x.index + 1} and ${y.index + 1} at module ${name} are too large to compare ` +
            `(their inner product is ${v}). Check lora_alpha in the adapters' configs.`,
        );
      inner[x.index * n + y.index] = v;
      inner[y.index * n + x.index] = v;
    }
  }
  return { inner, n };
}

function cosines(g: Gram): number[][] {
  const { inner, n } = g;
  return Array.from({ length: n }, (_, i) =>
    Array.from(
      { length: n },
      (_, j) => (inner[i * n + j] ?? 0) / Math.sqrt((inner[i * n + i] ?? 0) * (inner[j * n + j] ?? 0)),
    ),
  );
}

/** Cosine similarity of the adapters' updates, per module and per layer (layers pool their modules). */
export function loraCosines(adapters: readonly LoraAdapter[]): { modules: CosineRow[]; layers: CosineRow[] } {
  adaptersCheck(
    adapters,
    adapters.map(() => 1),
  );
  const modules: CosineRow[] = [];
  const pooled = new Map<number, Float64Array>();
  for (const name of moduleNames(adapters)) {
    const g = moduleGram(adapters, name);
    const layer = layerIndexOf(name);
    modules.push({ name, layer, cosine: cosines(g) });
    const acc = pooled.get(layer) ?? new Float64Array(g.inner.length);
    for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] ?? 0) + (g.inner[i] ?? 0);
    pooled.set(layer, acc);
  }
  const layers = [...pooled.keys()]
    .sort((a, b) => a - b)
    .map((layer) => ({
      name: layer < 0 ? 'other' : `layer ${layer}`,
      layer,
      cosine: cosines({ inner: pooled.get(layer) ?? new Float64Array(0), n: adapters.length }),
    }));
  return { modules, layers };
}

/** Sign-conflict counts of one module or layer. */
export interface ConflictRow {
  readonly name: string;
  readonly layer: number;
  /** Entries of ΔW. */
  readonly entries: number;
  /** Entries where two or more pruned updates are non-zero. */
  readonly overlapping: number;
  /** Of those, entries where the non-zero values disagree in sign (TIES drops the minority). */
  readonly conflicting: number;
  /** conflicting / overlapping (NaN when nothing overlaps). */
  readonly share: number;
}

function countConflicts(
  tensors: readonly Float32Array[],
  entries: number,
): { overlapping: number; conflicting: number } {
  let overlapping = 0;
  let conflicting = 0;
  for (let j = 0; j < entries; j++) {
    let pos = 0;
    let neg = 0;
    for (const t of tensors) {
      const v = t[j] ?? 0;
      if (v > 0) pos++;
      else if (v < 0) neg++;
    }
    if (pos + neg >= 2) {
      overlapping++;
      if (pos > 0 && neg > 0) conflicting++;
    }
  }
  return { overlapping, conflicting };
}

/**
 * Sign conflicts between the adapters' updates after TIES' magnitude pruning at `density`, per module and per layer.
 */
export async function tiesConflicts(
  adapters: readonly LoraAdapter[],
  density = 0.75,
): Promise<{ modules: ConflictRow[]; layers: ConflictRow[] }> {
  adaptersCheck(
    adapters,
    adapters.map(() => 1),
  );
  const modules: ConflictRow[] = [];
  const pooled = new Map<number, { entries: number; overlapping: number; conflicting: number }>();
  for (const name of moduleNames(adapters)) {
    const sites = sitesOf(
      adapters,
      adapters.map(() => 1),
      name,
    );
    const pruned: Float32Array[] = [];
    for (const s of sites) pruned.push(tensorMagnitudePrune((await moduleDelta(s.module)).data, density));
    const entries = pruned[0]?.length ?? 0;
    const c = countConflicts(pruned, entries);
    const layer = layerIndexOf(name);
    modules.push({ name, layer, entries, ...c, share: c.conflicting / c.overlapping });
    const acc = pooled.get(layer) ?? { entries: 0, overlapping: 0, conflicting: 0 };
    pooled.set(layer, {
      entries: acc.entries + entries,
      overlapping: acc.overlapping + c.overlapping,
      conflicting: acc.conflicting + c.conflicting,
    });
  }
  const layers = [...pooled.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([layer, c]) => ({
      name: layer < 0 ? 'other' : `layer ${layer}`,
      layer,
      ...c,
      share: c.conflicting / c.overlapping,
    }));
  return { modules, layers };
}
