/**
 * @file Options shared by the pruning merges (ties, dare_linear, dare_ties, magnitude_prune),
 * and the choice of where they act: on the A and B factors (PEFT's `ties`, …) or on the full
 * updates followed by truncated SVD (PEFT's `ties_svd`, …).
 */
import type { DeltaMergeOptions } from './deltaSpace';
import { densityCheck, type MajoritySignMethod } from './taskTensors';
import { mulberry32Source, type UniformSource } from '../../numerics/draws';

/** Options of ties, dare_linear, dare_ties and magnitude_prune. */
export interface PruneOptions extends DeltaMergeOptions {
  /** Share of entries each task tensor keeps, 0–1 (LoRA Soups used 0.75). */
  readonly density: number;
  /**
   * 'factors': act on A and B separately, as PEFT's plain methods; 'delta': on B·A, then SVD
   * (PEFT's `*_svd`). @default 'factors'
   */
  readonly space?: 'factors' | 'delta';
  /** TIES sign election. @default 'total' */
  readonly majoritySignMethod?: MajoritySignMethod;
  /** Seed of DARE's random masks. @default 0 */
  readonly seed?: number;
}

/** The random source for DARE (the draws of rngSeeded(seed), taken in bulk), checked density first. */
export function dareRandom(options: PruneOptions): UniformSource {
  densityCheck(options.density);
  return mulberry32Source(options.seed ?? 0);
}
