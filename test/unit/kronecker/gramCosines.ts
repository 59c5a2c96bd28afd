/**
 * @file Test helper: the exact cosines to H = Σ vec(G_i) vec(G_i)ᵀ of the optimal Kronecker approximation, of L⊗R
 * and of L^{1/2}⊗R^{1/2}, for a small rank-1 stack, by count × count Gram matrices (the formulas of
 * tools/zoo/kron/check.py, so the fixture's numpy numbers can be reproduced without the analysis itself):
 * |H|^2 = sum_ij (u_i.u_j)^2 (v_i.v_j)^2; <H, A (x) B> = sum_i (u_i' A u_i)(v_i' B v_i); the optimal cosine is
 * sigma_1(R(H)) / |H|, sigma_1^2 the top eigenvalue of S^(1/2) T S^(1/2) with S = (U U')^2 and T = (V V')^2
 * elementwise.
 */
import { eigSymmetric, symmetricPower } from '../../../src/core/numerics/eig';
import { matmul } from '../../../src/core/numerics/gemm';
import type { Dense } from '../../../src/core/numerics/types';

type Stack = { m: number; n: number; count: number; u: Float64Array; v: Float64Array };

const dense = (rows: number, cols: number, data: Float64Array): Dense<Float64Array> => ({ rows, cols, data });

async function squaredGram(a: Float64Array, count: number, dim: number): Promise<Dense<Float64Array>> {
  const g = await matmul(dense(count, dim, a), dense(count, dim, a), { transB: true });
  return dense(
    count,
    count,
    g.data.map((x) => x * x),
  );
}

/** Σ_i w_i a_i a_iᵀ for rows a_i of a [count × dim]. */
async function weightedOuter(
  a: Float64Array,
  w: Float64Array,
  count: number,
  dim: number,
): Promise<Dense<Float64Array>> {
  const scaled = a.map((x, k) => x * (w[Math.floor(k / dim)] ?? 0));
  return matmul(dense(count, dim, a), dense(count, dim, scaled), { transA: true });
}

function rowNormsSquared(a: Float64Array, count: number, dim: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) out[i] = (out[i] ?? 0) + (a[i * dim + j] ?? 0) ** 2;
  return out;
}

/** x_iᵀ A x_i for every row x_i. */
async function quadForms(a: Float64Array, m: Dense<Float64Array>, count: number, dim: number): Promise<Float64Array> {
  const am = await matmul(dense(count, dim, a), m);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++)
    for (let j = 0; j < dim; j++) out[i] = (out[i] ?? 0) + (a[i * dim + j] ?? 0) * (am.data[i * dim + j] ?? 0);
  return out;
}

const frob = (m: Dense<Float64Array>): number => Math.sqrt(m.data.reduce((s, x) => s + x * x, 0));

/** The three cosines of a rank-1 stack, exactly. */
export async function gramCosines(
  s: Stack,
): Promise<{ cosOptimal: number; cosShampooSquared: number; cosShampoo: number }> {
  const S = await squaredGram(s.u, s.count, s.m);
  const T = await squaredGram(s.v, s.count, s.n);
  const h = Math.sqrt(S.data.reduce((acc, x, k) => acc + x * (T.data[k] ?? 0), 0));
  const root = await symmetricPower(S, 0.5, { floor: 0 });
  const mid = await matmul(await matmul(root, T), root);
  const sym = dense(
    s.count,
    s.count,
    mid.data.map((x, k) => (x + (mid.data[(k % s.count) * s.count + Math.floor(k / s.count)] ?? 0)) / 2),
  );
  const sigma = Math.sqrt(Math.max(0, eigSymmetric(sym).values[0] ?? 0));
  const L = await weightedOuter(s.u, rowNormsSquared(s.v, s.count, s.n), s.count, s.m);
  const R = await weightedOuter(s.v, rowNormsSquared(s.u, s.count, s.m), s.count, s.n);
  const cosOf = async (a: Dense<Float64Array>, b: Dense<Float64Array>): Promise<number> => {
    const qa = await quadForms(s.u, a, s.count, s.m);
    const qb = await quadForms(s.v, b, s.count, s.n);
    return qa.reduce((acc, x, i) => acc + x * (qb[i] ?? 0), 0) / (h * frob(a) * frob(b));
  };
  return {
    cosOptimal: sigma / h,
    cosShampooSquared: await cosOf(L, R),
    cosShampoo: await cosOf(await symmetricPower(L, 0.5, { floor: 0 }), await symmetricPower(R, 0.5, { floor: 0 })),
  };
}
