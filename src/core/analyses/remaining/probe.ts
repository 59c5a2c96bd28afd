/**
 * @file A remaining-length probe: a 2-layer MLP (Linear d→h, ReLU, Linear h→k, softmax) from one hidden state to a
 * distribution over the bins, computed in float64 as the zoo's Python does.
 */

/** An MLP probe; weights row-major as PyTorch stores them: w1 [hidden × inDim], w2 [k × hidden]. */
export interface MlpProbe {
  readonly inDim: number;
  readonly hidden: number;
  readonly k: number;
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

/** The probe's softmax over the bins for the hidden state `x[offset … offset + inDim)`. */
export function applyProbe(probe: MlpProbe, x: ArrayLike<number>, offset = 0): Float64Array {
  const { inDim, hidden, k, w1, b1, w2, b2 } = probe;
  const h = new Float64Array(hidden);
  for (let j = 0; j < hidden; j++) {
    let s = b1[j] ?? 0;
    const row = j * inDim;
    for (let i = 0; i < inDim; i++) s += (w1[row + i] ?? 0) * (x[offset + i] ?? 0);
    h[j] = s > 0 ? s : 0;
  }
  const z = new Float64Array(k);
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    let s = b2[c] ?? 0;
    const row = c * hidden;
    for (let j = 0; j < hidden; j++) s += (w2[row + j] ?? 0) * (h[j] ?? 0);
    z[c] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) {
    z[c] = Math.exp((z[c] ?? 0) - max);
    sum += z[c] ?? 0;
  }
  return z.map((e) => e / sum);
}
