/**
 * @file ‖H‖_F² = Σ_ij ⟨G_i, G_j⟩² for H = Σ vec(G_i) vec(G_i)ᵀ: exactly by Gram products in blocks of rows (the
 * upper triangle only, off-diagonal blocks counted twice), or as an unbiased estimate: the diagonal exactly plus
 * count·(count − 1) times the mean over pairs i ≠ j drawn uniformly, with its standard error.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { throwIfCancelled } from '../../errors';
import { matmul } from '../../numerics/gemm';
import type { Dense } from '../../numerics/types';

type Mat = Dense<Float64Array>;

/** ‖H‖_F² found exactly or estimated. */
export interface HNormSquared {
  readonly value: number;
  readonly exact: boolean;
  /** Standard error of `value` (estimate only). */
  readonly stderr?: number;
  readonly pairs?: number;
}

/** Rows of a Gram block: a block is rows × count numbers. */
const BLOCK_ROWS = 512;

/** Multiply-adds of the exact Gram products: about count²/2 · Σ factor widths. */
export function exactWork(factors: readonly Mat[]): number {
  const count = factors[0]?.rows ?? 0;
  return ((count * (count + 1)) / 2) * factors.reduce((s, f) => s + f.cols, 0);
}

const rowsOf = (f: Mat, from: number, to: number): Mat => ({
  rows: to - from,
  cols: f.cols,
  data: f.data.subarray(from * f.cols, to * f.cols),
});

/** Σ_ij Π_f (x_i^f · x_j^f)² exactly, block by block. */
export async function hNormSquaredExact(
  factors: readonly Mat[],
  o: { signal?: AbortSignal; progress?: (fraction: number) => void } = {},
): Promise<number> {
  const count = factors[0]?.rows ?? 0;
  let total = 0;
  for (let r0 = 0; r0 < count; r0 += BLOCK_ROWS) {
    throwIfCancelled(o.signal);
    const r1 = Math.min(count, r0 + BLOCK_ROWS);
    const grams: Mat[] = [];
    for (const f of factors) grams.push(await matmul(rowsOf(f, r0, r1), rowsOf(f, r0, count), { transB: true }));
    const width = count - r0;
    for (let i = 0; i < r1 - r0; i++)
      for (let j = i; j < width; j++) {
        let k = 1;
        for (const g of grams) k *= g.data[i * width + j] as number;
        total += (j === i ? 1 : 2) * k * k;
      }
    o.progress?.(r1 / count);
  }
  return total;
}

function dot(f: Mat, i: number, j: number): number {
  const k = f.cols;
  let s = 0;
  for (let t = 0; t < k; t++) s += (f.data[i * k + t] as number) * (f.data[j * k + t] as number);
  return s;
}

const pairValue = (factors: readonly Mat[], i: number, j: number): number => {
  let k = 1;
  for (const f of factors) k *= dot(f, i, j);
  return k * k;
};

/** An unbiased estimate of ‖H‖_F² from `pairs` pairs i ≠ j drawn uniformly (seeded), the diagonal exact. */
export function hNormSquaredEstimate(
  factors: readonly Mat[],
  o: { pairs: number; seed: number; signal?: AbortSignal },
): HNormSquared {
  const count = factors[0]?.rows ?? 0;
  let diagonal = 0;
  for (let i = 0; i < count; i++) diagonal += pairValue(factors, i, i);
  if (count < 2) return { value: diagonal, exact: true };
  const rng = xoroshiro128plus(o.seed | 0);
  let sum = 0;
  let sumSq = 0;
  for (let p = 0; p < o.pairs; p++) {
    if (p % 4096 === 0) throwIfCancelled(o.signal);
    const i = uniformInt(rng, 0, count - 1);
    let j = uniformInt(rng, 0, count - 2);
    if (j >= i) j += 1;
    const x = pairValue(factors, i, j);
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / o.pairs;
  const variance = Math.max(0, (sumSq - o.pairs * mean * mean) / Math.max(1, o.pairs - 1));
  const scale = count * (count - 1);
  return { value: diagonal + scale * mean, exact: false, stderr: scale * Math.sqrt(variance / o.pairs), pairs: o.pairs };
}
