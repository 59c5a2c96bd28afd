/**
 * @file The rearrangement ℛ(H) of H = Σ vec(G_i) vec(G_i)ᵀ as an operator, never formed: ℛ(H)·vec(B) =
 * Σ G_i B G_iᵀ and ℛ(H)ᵀ·vec(A) = Σ G_iᵀ A G_i. For rank-1 gradients G_i = u_i v_iᵀ these are two GEMMs each:
 * Σ G_i B G_iᵀ = Uᵀ diag(v_iᵀ B v_i) U. For dense ones, the stack is kept twice, as [count·m × n] (examples
 * stacked down) and as [m × count·n] (side by side), so each product is two GEMMs and one reshuffle.
 */
import { matmul } from '../../numerics/gemm';
import type { Dense } from '../../numerics/types';
import { symmetrize } from './matrices';
import type { GradientStack } from './types';

type Mat = Dense<Float64Array>;

/** ℛ(H) of one layer's gradients as an operator on m × m and n × n matrices. */
export interface RearrangedH {
  readonly m: number;
  readonly n: number;
  /** Σ G_i B G_iᵀ (m × m); `null` stands for B = I (giving L). */
  applyR(b: Mat | null): Promise<Mat>;
  /** Σ G_iᵀ A G_i (n × n); `null` stands for A = I (giving R). */
  applyRT(a: Mat | null): Promise<Mat>;
}

/** w_i = x_iᵀ M x_i for each row x_i of X (‖x_i‖² when M is null). */
async function quadratic(x: Mat, mat: Mat | null): Promise<Float64Array> {
  const y = mat === null ? x : await matmul(x, mat);
  const w = new Float64Array(x.rows);
  const k = x.cols;
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let j = i * k; j < (i + 1) * k; j++) s += (x.data[j] as number) * (y.data[j] as number);
    w[i] = s;
  }
  return w;
}

/** Yᵀ diag(w) Y. */
async function weightedGram(y: Mat, w: Float64Array): Promise<Mat> {
  const k = y.cols;
  const scaled = new Float64Array(y.data.length);
  for (let i = 0; i < y.rows; i++) {
    const wi = w[i] as number;
    for (let j = i * k; j < (i + 1) * k; j++) scaled[j] = (y.data[j] as number) * wi;
  }
  return symmetrize(await matmul({ rows: y.rows, cols: k, data: scaled }, y, { transA: true }));
}

function rank1(count: number, m: number, n: number, u: Float64Array, v: Float64Array): RearrangedH {
  const U = { rows: count, cols: m, data: u };
  const V = { rows: count, cols: n, data: v };
  return {
    m,
    n,
    applyR: async (b) => weightedGram(U, await quadratic(V, b)),
    applyRT: async (a) => weightedGram(V, await quadratic(U, a)),
  };
}

/** [count, rows, cols] → [rows, count, cols] (stacked down → side by side), or back with `count` and `rows` swapped. */
function reshuffle(data: Float64Array, count: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let c = 0; c < count; c++)
    for (let r = 0; r < rows; r++)
      out.set(data.subarray((c * rows + r) * cols, (c * rows + r + 1) * cols), (r * count + c) * cols);
  return out;
}

function dense(count: number, m: number, n: number, data: Float64Array): RearrangedH {
  const down = { rows: count * m, cols: n, data };
  const side = { rows: m, cols: count * n, data: reshuffle(data, count, m, n) };
  return {
    m,
    n,
    async applyR(b) {
      const gb = b === null ? down : await matmul(down, b);
      const gbSide = { rows: m, cols: count * n, data: reshuffle(gb.data, count, m, n) };
      return symmetrize(await matmul(gbSide, side, { transB: true }));
    },
    async applyRT(a) {
      const ag = a === null ? side : await matmul(a, side);
      const agDown = { rows: count * m, cols: n, data: reshuffle(ag.data, m, count, n) };
      return symmetrize(await matmul(down, agDown, { transA: true }));
    },
  };
}

/** ℛ(H) of a checked stack (see `checkStack`). */
export function rearrangedH(s: GradientStack): RearrangedH {
  return s.kind === 'rank1' ? rank1(s.count, s.m, s.n, s.u, s.v) : dense(s.count, s.m, s.n, s.data);
}
