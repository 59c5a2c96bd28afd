/**
 * @file Remaining-length bins (TRAIL, papers-C §1.1): k equal-width bins over [0, k·w), centres m_i = w(i + ½),
 * and the point estimate of a distribution over them, L̂ = Σ p_i·m_i.
 */
import { LensError } from '../../errors';

/** Bins by their k + 1 increasing edges and k centres (tokens). */
export interface RemainingBins {
  readonly edges: readonly number[];
  readonly centres: readonly number[];
}

/** k equal bins of width w starting at 0: edges w·i, centres w·(i + ½). */
export function equalBins(k: number, width: number): RemainingBins {
  if (!Number.isInteger(k) || k < 1 || !(width > 0))
    throw new LensError('bad-input', `Bins need a whole count ≥ 1 and a width > 0 (got ${k} and ${width}).`);
  return {
    edges: Array.from({ length: k + 1 }, (_, i) => width * i),
    centres: Array.from({ length: k }, (_, i) => width * (i + 0.5)),
  };
}

/** Index of the bin holding `length`; lengths past the last edge fall in the last bin, below 0 in the first. */
export function binOf(length: number, bins: RemainingBins): number {
  const k = bins.centres.length;
  for (let i = 0; i < k - 1; i++) if (length < (bins.edges[i + 1] ?? Infinity)) return i;
  return k - 1;
}

/** The expected length Σ p_i·m_i of a distribution over the bins. */
export function expectedLength(probs: ArrayLike<number>, bins: RemainingBins): number {
  let sum = 0;
  for (let i = 0; i < bins.centres.length; i++) sum += (probs[i] ?? 0) * (bins.centres[i] ?? 0);
  return sum;
}
