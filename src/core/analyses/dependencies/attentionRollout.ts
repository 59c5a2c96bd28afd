/**
 * @file Aggregating attention maps: the mean over a layer's heads, and attention rollout across
 * layers (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers"), which accounts for
 * the residual stream by mixing each layer's map with the identity before multiplying them.
 * Maps are dense [T×T] row-major, row = query, column = key, causal (zero above the diagonal).
 */

/** The method name written into results that use {@link attentionRollout}. */
export const ROLLOUT_METHOD =
  "attention rollout (Abnar & Zuidema 2020): per layer A' = 0.5·mean_heads(A) + 0.5·I, rows normalised, R = A'_L " +
  "··· A'_1";

/**
 * The mean over heads of one layer's attention, as a dense [T×T] map.
 * @param att attention probabilities [H, T, T] starting at `offset` (e.g. one batch row of [B,H,T,T])
 */
export function headMean(att: Float32Array, heads: number, T: number, offset = 0): Float64Array {
  if (att.length < offset + heads * T * T)
    throw new RangeError(`attention has ${att.length} values, fewer than ${offset} + ${heads}×${T}×${T}`);
  const out = new Float64Array(T * T);
  const size = T * T;
  for (let h = 0; h < heads; h++) {
    const base = offset + h * size;
    for (let i = 0; i < size; i++) out[i] = (out[i] ?? 0) + (att[base + i] ?? 0);
  }
  for (let i = 0; i < size; i++) out[i] = (out[i] ?? 0) / heads;
  return out;
}

/** A' = 0.5·A + 0.5·I with each row normalised to sum 1 (rows of A are causal: keys ≤ query). */
function residualMix(map: Float64Array, T: number): Float64Array {
  const out = new Float64Array(T * T);
  for (let q = 0; q < T; q++) {
    const row = q * T;
    let sum = 0;
    for (let j = 0; j <= q; j++) {
      const v = 0.5 * (map[row + j] ?? 0) + (j === q ? 0.5 : 0);
      out[row + j] = v;
      sum += v;
    }
    if (sum > 0) for (let j = 0; j <= q; j++) out[row + j] = (out[row + j] ?? 0) / sum;
  }
  return out;
}

/** Rows a block of {@link lowerProduct} computes together: each row of B is read once per block, not per row. */
const BLOCK = 4;

/**
 * C = A·B for lower-triangular [T×T] maps (only m with j ≤ m ≤ q contribute to C[q][j]). Rows go in blocks of
 * {@link BLOCK}; A is zero above its diagonal, so a block's rows can share the loop over m without a bound per row.
 */
export function lowerProduct(a: Float64Array, b: Float64Array, T: number): Float64Array {
  const out = new Float64Array(T * T);
  let q = 0;
  for (; q + BLOCK <= T; q += BLOCK) productBlock(a, b, out, T, q);
  for (; q < T; q++) productRow(a, b, out, T, q);
  return out;
}

/** Rows q … q+3 of A·B. */
function productBlock(a: Float64Array, b: Float64Array, out: Float64Array, T: number, q: number): void {
  const r0 = q * T;
  const r1 = r0 + T;
  const r2 = r1 + T;
  const r3 = r2 + T;
  for (let m = 0; m <= q + BLOCK - 1; m++) {
    const w0 = a[r0 + m] ?? 0;
    const w1 = a[r1 + m] ?? 0;
    const w2 = a[r2 + m] ?? 0;
    const w3 = a[r3 + m] ?? 0;
    if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) continue;
    const rowB = m * T;
    for (let j = 0; j <= m; j++) {
      const v = b[rowB + j] ?? 0;
      out[r0 + j] = (out[r0 + j] ?? 0) + w0 * v;
      out[r1 + j] = (out[r1 + j] ?? 0) + w1 * v;
      out[r2 + j] = (out[r2 + j] ?? 0) + w2 * v;
      out[r3 + j] = (out[r3 + j] ?? 0) + w3 * v;
    }
  }
}

/** Row q of A·B. */
function productRow(a: Float64Array, b: Float64Array, out: Float64Array, T: number, q: number): void {
  const rowA = q * T;
  for (let m = 0; m <= q; m++) {
    const w = a[rowA + m] ?? 0;
    if (w === 0) continue;
    const rowB = m * T;
    for (let j = 0; j <= m; j++) out[rowA + j] = (out[rowA + j] ?? 0) + w * (b[rowB + j] ?? 0);
  }
}

/**
 * Attention rollout through the layers, first layer first: R = A'_L ··· A'_2 · A'_1 with
 * A'_l = rownorm(0.5·A_l + 0.5·I). Row q of R says how much of position q's final state flows
 * from each input position; rows sum to 1.
 * @param layerMaps one causal [T×T] map per layer (e.g. {@link headMean}), in layer order
 */
export function attentionRollout(layerMaps: readonly Float64Array[], T: number): Float64Array {
  if (layerMaps.length === 0) throw new RangeError('attention rollout needs at least one layer');
  let r: Float64Array | undefined;
  for (const map of layerMaps) {
    if (map.length !== T * T) throw new RangeError(`a layer map has ${map.length} values, not ${T}×${T}`);
    const mixed = residualMix(map, T);
    r = r === undefined ? mixed : lowerProduct(mixed, r, T);
  }
  return r ?? new Float64Array(0);
}
