/**
 * @file One entry point for every merge, by PEFT's combination names, so the engine and CLI
 * can dispatch on a method string. The `*_svd` names act on full updates then factorise
 * (PEFT's SVD variants); the plain pruning names act on the A and B factors as PEFT does.
 */
import { mergeCat } from './cat';
import { mergeDareLinear, mergeDareTies, mergeMagnitudePrune, mergeTies } from './pruneMerges';
import { mergeLinear } from './linear';
import type { PruneOptions } from './pruneOptions';
import { mergeSvd } from './svd';
import { mergeTaskArithmetic } from './taskArithmetic';
import type { MajoritySignMethod } from './taskTensors';
import type { LoraAdapter } from '../../formats/peft/types';
import { LensError } from '../../errors';
import { DEFAULT_DENSITY, LORA_MERGE_METHODS, type LoraMergeMethod } from '../../../shared/lora';

/** Options of `loraMerge`; each method reads the fields it needs. */
export interface LoraMergeOptions {
  /** One weight per adapter. */
  readonly weights: readonly number[];
  /** Pruning density for ties/dare/magnitude_prune. @default 0.75 */
  readonly density?: number;
  /** Rank of svd-based results. @default the largest source rank (task_arithmetic: exact) */
  readonly rank?: number;
  /** DARE seed. @default 0 */
  readonly seed?: number;
  /** TIES sign election. @default 'total' */
  readonly majoritySignMethod?: MajoritySignMethod;
  /** Apply s_i twice on SVD paths, as released PEFT does. @default false */
  readonly peftDoubleScaling?: boolean;
}

type PruneMerge = (
  adapters: readonly LoraAdapter[],
  weights: readonly number[],
  o: PruneOptions,
) => Promise<LoraAdapter>;

/** The pruning merges, by PEFT's name; the `_svd` names run the same merge in delta space. */
const PRUNE_MERGES: Record<Exclude<LoraMergeMethod, 'cat' | 'linear' | 'svd' | 'task_arithmetic'>, PruneMerge> = {
  ties: mergeTies,
  ties_svd: mergeTies,
  dare_linear: mergeDareLinear,
  dare_linear_svd: mergeDareLinear,
  dare_ties: mergeDareTies,
  dare_ties_svd: mergeDareTies,
  magnitude_prune: mergeMagnitudePrune,
  magnitude_prune_svd: mergeMagnitudePrune,
};

/** Whether `name` is a merge method. */
export function isLoraMergeMethod(name: string): name is LoraMergeMethod {
  return (LORA_MERGE_METHODS as readonly string[]).includes(name);
}

/** Merges `adapters` by `method`; a result that holds NaN or ±Infinity is refused, naming the module. */
export async function loraMerge(
  method: string,
  adapters: readonly LoraAdapter[],
  options: LoraMergeOptions,
): Promise<LoraAdapter> {
  return mergedFinite(method, await mergeBy(method, adapters, options));
}

/** Throws when a merged factor holds a value float32 cannot hold (the weights or scalings overflow). */
export function mergedFinite(method: string, merged: LoraAdapter): LoraAdapter {
  for (const m of merged.modules.values()) {
    for (const [factor, data] of [
      ['A', m.a.data],
      ['B', m.b.data],
    ] as const) {
      const i = data.findIndex((x) => !Number.isFinite(x));
      if (i < 0) continue;
      throw new LensError(
        'bad-input',
        `The ${method} merge gives ${data[i]} in lora_${factor} of module ${m.name} (entry ${i}): the weights ` +
          `times the adapters' scalings overflow float32. Nothing was written: use smaller weights, or check ` +
          `lora_alpha in the adapters' configs.`,
      );
    }
  }
  return merged;
}

function mergeBy(
  method: string,
  adapters: readonly LoraAdapter[],
  options: LoraMergeOptions,
): LoraAdapter | Promise<LoraAdapter> {
  if (!isLoraMergeMethod(method))
    throw new LensError(
      'bad-input',
      `Unknown merge method "${method}". Choose one of: ${LORA_MERGE_METHODS.join(', ')}.`,
    );
  const { weights } = options;
  const delta = method.endsWith('_svd');
  const prune: PruneOptions = {
    density: options.density ?? DEFAULT_DENSITY,
    space: delta ? 'delta' : 'factors',
    ...(options.rank === undefined ? {} : { rank: options.rank }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.majoritySignMethod === undefined ? {} : { majoritySignMethod: options.majoritySignMethod }),
    ...(options.peftDoubleScaling === undefined ? {} : { peftDoubleScaling: options.peftDoubleScaling }),
  };
  switch (method) {
    case 'cat':
      return mergeCat(adapters, weights);
    case 'linear':
      return mergeLinear(adapters, weights);
    case 'svd':
      return mergeSvd(adapters, weights, prune);
    case 'task_arithmetic':
      return mergeTaskArithmetic(adapters, weights, options.rank === undefined ? {} : { rank: options.rank });
    default:
      return PRUNE_MERGES[method](adapters, weights, prune);
  }
}
