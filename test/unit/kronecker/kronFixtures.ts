/**
 * @file Gradient stacks for the Kronecker tests: seeded random ones, a single gradient with chosen singular values,
 * and a set whose H is exactly a Kronecker product.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { GradientStack } from '../../../src/core/analyses/kronecker/types';

/** `count` seeded uniform numbers in [−1, 1). */
export function randoms(count: number, seed: number): Float64Array {
  const rng = xoroshiro128plus(seed);
  return Float64Array.from({ length: count }, () => 2 * uniformFloat64(rng) - 1);
}

/** A Householder reflection I − 2wwᵀ/‖w‖² (an orthogonal k × k matrix), row-major. */
export function reflection(k: number, seed: number): Float64Array {
  const w = randoms(k, seed);
  const ww = w.reduce((s, x) => s + x * x, 0);
  const q = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) q[i * k + j] = (i === j ? 1 : 0) - (2 * (w[i] as number) * (w[j] as number)) / ww;
  return q;
}

/** G = P diag(σ) Qᵀ (m × n) with orthogonal P and Q: singular values exactly σ. */
export function withSingularValues(m: number, n: number, sigma: readonly number[]): Float64Array {
  const p = reflection(m, 11);
  const q = reflection(n, 12);
  const g = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      sigma.forEach((x, k) => (s += (p[i * m + k] as number) * x * (q[j * n + k] as number)));
      g[i * n + j] = s;
    }
  return g;
}

/** u_i ⊗ v_i as dense m × n matrices, one after another. */
export function denseOf(s: Extract<GradientStack, { kind: 'rank1' }>): GradientStack {
  const data = new Float64Array(s.count * s.m * s.n);
  for (let c = 0; c < s.count; c++)
    for (let i = 0; i < s.m; i++)
      for (let j = 0; j < s.n; j++)
        data[(c * s.m + i) * s.n + j] = (s.u[c * s.m + i] as number) * (s.v[c * s.n + j] as number);
  return { kind: 'dense', name: s.name, m: s.m, n: s.n, count: s.count, data };
}

/** Seeded random rank-1 gradients. */
export function randomRank1(
  m: number,
  n: number,
  count: number,
  seed: number,
): Extract<GradientStack, { kind: 'rank1' }> {
  return { kind: 'rank1', name: 'r', m, n, count, u: randoms(count * m, seed), v: randoms(count * n, seed + 1000) };
}

/** G_jk = a_j b_kᵀ for every column a_j of P and b_k of Q: H = PPᵀ ⊗ QQᵀ exactly. */
export function kroneckerSet(m: number, n: number): Extract<GradientStack, { kind: 'rank1' }> {
  const p = randoms(m * m, 21);
  const q = randoms(n * n, 22);
  const count = m * n;
  const u = new Float64Array(count * m);
  const v = new Float64Array(count * n);
  for (let j = 0; j < m; j++)
    for (let k = 0; k < n; k++) {
      const c = j * n + k;
      for (let i = 0; i < m; i++) u[c * m + i] = p[i * m + j] as number;
      for (let i = 0; i < n; i++) v[c * n + i] = q[i * n + k] as number;
    }
  return { kind: 'rank1', name: 'kron', m, n, count, u, v };
}
