/**
 * @file The Kronecker analysis of one layer's per-example gradients: L = Σ G Gᵀ, R = Σ Gᵀ G, the optimal
 * Kronecker approximation of H by power iteration on ℛ(H) from (I, I) (H never formed), and the cosines to H of
 * the optimal approximation, of L⊗R (Shampoo²) and of L^{1/2}⊗R^{1/2} (Shampoo).
 */
import { LensError } from '../../errors';
import type { KronHNormMode, KronLayer } from '../../../shared/kronecker';
import type { GradientStack } from './types';

/** Options of {@link analyzeStack}. */
export interface KronOptions {
  /** Power steps at most. @default 100 */
  readonly maxSteps?: number;
  /** Stop when the cosine moves less than this. @default 1e-10 */
  readonly tolerance?: number;
  /** @default 'auto' */
  readonly hNorm?: KronHNormMode;
  /** Pairs sampled when ‖H‖_F is estimated. @default 100,000 */
  readonly pairs?: number;
  /** Seed of the sampled pairs. @default 1 */
  readonly seed?: number;
  readonly signal?: AbortSignal;
  /** Progress in [0, 1] with a message. */
  readonly progress?: (fraction: number, message: string) => void;
}

/** The analysis of one gradient stack (checked: shapes, not empty, finite). */
export async function analyzeStack(stack: GradientStack, options: KronOptions = {}): Promise<KronLayer> {
  await Promise.resolve(options);
  throw new LensError('bad-input', `The Kronecker analysis of ${stack.name} is not written yet.`);
}
