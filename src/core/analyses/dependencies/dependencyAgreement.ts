/**
 * @file How well attention-based dependency sets agree with ablation-based ones. For each token
 * scored by ablation, both rankings are restricted to the positions ablation tried
 * (ablatedFrom..t−1, so the BOS is left out) and compared at a fixed size k, and at size k_δ(t)
 * (the tokens whose removal matters, against as many of attention's top-ranked ones).
 */
import type { AblationDependencies } from './ablationDependencies';
import type { SparseDependencies } from './dependencyQueries';

/** Agreement averaged over tokens. */
export interface DependencyAgreement {
  /** Set size compared. */
  readonly k: number;
  /** Tokens averaged: scored by ablation with more than k candidate positions. */
  readonly tokens: number;
  /** Mean |A ∩ B| / k for the top-k sets. */
  readonly overlap: number;
  /** Mean |A ∩ B| / |A ∪ B| for the top-k sets. */
  readonly jaccard: number;
  /** Mean overlap two random k-sets of the candidates would have: k / candidates. */
  readonly chanceOverlap: number;
  /** Tokens with 1 ≤ k_δ ≤ kept attention entries, compared at size k_δ. */
  readonly kDeltaTokens: number;
  /** Mean Jaccard of {j : effect > δ} against attention's top k_δ(t). */
  readonly kDeltaJaccard: number;
}

/** What the comparison reads of an ablation result. */
export type AblationSets = Pick<AblationDependencies, 'k' | 'topPositions' | 'kDelta' | 'ablatedFrom'>;

/** What the comparison reads of an attention result. */
export type RankedSets = Pick<SparseDependencies, 'k' | 'topPositions'>;

/** The first `size` kept positions of token t that lie in [lo, hi). */
function ranked(d: RankedSets, t: number, lo: number, hi: number, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < d.k && out.length < size; i++) {
    const p = d.topPositions[t * d.k + i] ?? -1;
    if (p < 0) break;
    if (p >= lo && p < hi) out.push(p);
  }
  return out;
}

function intersect(a: readonly number[], b: readonly number[]): number {
  const set = new Set(a);
  let n = 0;
  for (const x of b) if (set.has(x)) n++;
  return n;
}

/**
 * Mean top-k overlap and Jaccard between attention and ablation dependency sets.
 * @param k set size (at most the k both results kept). @default 8
 */
export function dependencyAgreement(attention: RankedSets, ablation: AblationSets, k = 8): DependencyAgreement {
  if (!Number.isInteger(k) || k < 1 || k > Math.min(attention.k, ablation.k))
    throw new RangeError(`k must be an integer in 1..${Math.min(attention.k, ablation.k)}, got ${k}`);
  const sum = { tokens: 0, overlap: 0, jaccard: 0, chance: 0, kdTokens: 0, kdJaccard: 0 };
  for (let t = 1; t < ablation.ablatedFrom.length; t++) {
    const lo = ablation.ablatedFrom[t] ?? -1;
    if (lo < 0) continue;
    const candidates = t - lo;
    if (candidates > k) {
      const a = ranked(attention, t, lo, t, k);
      const b = ranked(ablation, t, lo, t, k);
      const both = intersect(a, b);
      sum.tokens++;
      sum.overlap += both / k;
      sum.jaccard += both / (a.length + b.length - both || 1);
      sum.chance += k / candidates;
    }
    const kd = ablation.kDelta[t] ?? 0;
    if (kd >= 1 && kd <= ablation.k) {
      const a = ranked(attention, t, lo, t, kd);
      if (a.length < kd) continue;
      const b = ranked(ablation, t, lo, t, kd);
      const both = intersect(a, b);
      sum.kdTokens++;
      sum.kdJaccard += both / (a.length + b.length - both || 1);
    }
  }
  const mean = (x: number, n: number): number => (n > 0 ? x / n : NaN);
  return {
    k,
    tokens: sum.tokens,
    overlap: mean(sum.overlap, sum.tokens),
    jaccard: mean(sum.jaccard, sum.tokens),
    chanceOverlap: mean(sum.chance, sum.tokens),
    kDeltaTokens: sum.kdTokens,
    kDeltaJaccard: mean(sum.kdJaccard, sum.kdTokens),
  };
}
