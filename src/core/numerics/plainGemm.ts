/**
 * @file The plain TypeScript product for sizes where starting a kernel run costs more than the
 * work (see {@link PLAIN_MAX_WORK} in gemm.ts): transposed operands are copied straight first, then
 * row by row, accumulated in float64.
 */
import { transpose, type Dense, type Floats } from './types';

/** alpha · op(a) · op(b) into a new array of a's type; op transposes when asked. */
export function plainGemm<T extends Floats>(
  a: Dense<T>,
  b: Dense<T>,
  transA: boolean,
  transB: boolean,
  alpha: number,
): Dense<T> {
  const x = transA ? transpose(a) : a;
  const y = transB ? transpose(b) : b;
  const m = x.rows;
  const k = x.cols;
  const n = y.cols;
  const xd = x.data;
  const yd = y.data;
  const out = new (a.data.constructor as new (n: number) => T)(m * n);
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const v = xd[i * k + p] as number;
      if (v === 0) continue;
      const off = p * n;
      for (let j = 0; j < n; j++) row[j] = (row[j] as number) + v * (yd[off + j] as number);
    }
    const o = i * n;
    for (let j = 0; j < n; j++) out[o + j] = (row[j] as number) * alpha;
  }
  return { rows: m, cols: n, data: out };
}
