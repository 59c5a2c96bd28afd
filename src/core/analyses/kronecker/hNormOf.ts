/**
 * @file ‖H‖_F of a layer as the result reports it: exact by Gram products where their work is affordable (or
 * asked for), else from sampled pairs, with the standard error of ‖H‖_F by the delta method (se(‖H‖²) / 2‖H‖).
 */
import { LensError } from '../../errors';
import type { KronHNorm, KronHNormMode } from '../../../shared/kronecker';
import { exactWork, hNormSquaredEstimate, hNormSquaredExact } from './hNorm';
import { factorsOf } from './stack';
import type { GradientStack } from './types';

/** Most multiply-adds of exact Gram products in `auto` mode (a few seconds on two cores). */
export const EXACT_MAX_WORK = 3e10;
/** Most multiply-adds `exact` mode accepts. */
export const EXACT_HARD_MAX_WORK = 1e12;
/** Most multiply-adds spent on sampled pairs: fewer pairs are drawn for wide dense gradients. */
export const ESTIMATE_MAX_WORK = 2e9;
/** Fewest pairs drawn whatever their cost. */
export const MIN_PAIRS = 1000;

/** ‖H‖_F of a checked stack. */
export async function hNormOf(
  stack: GradientStack,
  o: {
    mode: KronHNormMode;
    pairs: number;
    seed: number;
    signal?: AbortSignal;
    progress?: (fraction: number) => void;
  },
): Promise<KronHNorm> {
  const factors = factorsOf(stack);
  const work = exactWork(factors);
  if (o.mode === 'exact' && work > EXACT_HARD_MAX_WORK)
    throw new LensError(
      'too-long',
      `The exact ‖H‖ of layer ${stack.name.slice(0, 80)} needs ${work.toExponential(1)} multiply-adds. ` +
        'Use the estimate (--h-norm estimate) or fewer examples.',
    );
  if (o.mode === 'exact' || (o.mode === 'auto' && work <= EXACT_MAX_WORK)) {
    const squared = await hNormSquaredExact(factors, {
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      ...(o.progress === undefined ? {} : { progress: o.progress }),
    });
    return { value: Math.sqrt(squared), exact: true };
  }
  const perPair = factors.reduce((s, f) => s + f.cols, 0);
  const pairs = Math.min(o.pairs, Math.max(MIN_PAIRS, Math.floor(ESTIMATE_MAX_WORK / perPair)));
  const e = hNormSquaredEstimate(factors, {
    pairs,
    seed: o.seed,
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  });
  const value = Math.sqrt(Math.max(0, e.value));
  if (e.stderr === undefined) return { value, exact: e.exact };
  return { value, exact: false, stderr: value > 0 ? e.stderr / (2 * value) : 0, pairs };
}
