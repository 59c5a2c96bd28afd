/**
 * @file The merge kernels as they were written before the typed-array kernels (plain loops with a
 * float64 accumulator, a quickselect on an |value| copy, closures per entry): the reference the
 * kernels must equal bit for bit on random data.
 */

/** Σ w_i T_i, float64 accumulator rounded once. */
export function refTaskArithmetic(tensors: readonly Float32Array[], weights: readonly number[]): Float32Array {
  const n = tensors[0]?.length ?? 0;
  const acc = new Float64Array(n);
  tensors.forEach((t, i) => {
    const w = weights[i] ?? 0;
    for (let j = 0; j < n; j++) acc[j] = (acc[j] ?? 0) + w * (t[j] ?? 0);
  });
  return Float32Array.from(acc);
}

/** The k-th largest value by sorting a copy. */
export function refKthLargest(values: ArrayLike<number>, k: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[sorted.length - k] ?? NaN;
}

/** Magnitude pruning to k entries, ties at the threshold kept lowest index first. */
export function refMagnitudePrune(t: Float32Array, k: number): Float32Array {
  const out = new Float32Array(t.length);
  if (k >= t.length) return t.slice();
  if (k <= 0) return out;
  const threshold = refKthLargest(Array.from(t, Math.abs), k);
  let above = 0;
  for (let i = 0; i < t.length; i++) if (Math.abs(t[i] ?? 0) > threshold) above++;
  let equalLeft = k - above;
  for (let i = 0; i < t.length; i++) {
    const v = t[i] ?? 0;
    const m = Math.abs(v);
    if (m > threshold) out[i] = v;
    else if (m === threshold && equalLeft > 0) {
      out[i] = v;
      equalLeft--;
    }
  }
  return out;
}

/** DARE with one call of `random` per entry. */
export function refRandomPrune(t: Float32Array, density: number, random: () => number): Float32Array {
  const out = new Float32Array(t.length);
  for (let i = 0; i < t.length; i++) if (random() < density) out[i] = (t[i] ?? 0) / density;
  return out;
}

/** Elected signs: sign of Σ T_i or of Σ sign T_i, 0 to +1. */
export function refMajoritySign(tensors: readonly Float32Array[], frequency: boolean): Int8Array {
  const n = tensors[0]?.length ?? 0;
  const acc = new Float64Array(n);
  for (const t of tensors)
    for (let j = 0; j < n; j++) acc[j] = (acc[j] ?? 0) + (frequency ? Math.sign(t[j] ?? 0) : (t[j] ?? 0));
  return Int8Array.from(acc, (s) => (s >= 0 ? 1 : -1));
}

/** The mean of the weighted entries whose sign is the elected one. */
export function refDisjointMerge(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  elected: Int8Array,
): Float32Array {
  const n = tensors[0]?.length ?? 0;
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const e = elected[j] ?? 1;
    let sum = 0;
    let count = 0;
    tensors.forEach((t, i) => {
      const v = t[j] ?? 0;
      if (Math.sign(v) === e) {
        sum += (weights[i] ?? 0) * v;
        count++;
      }
    });
    out[j] = sum / Math.max(1, count);
  }
  return out;
}
