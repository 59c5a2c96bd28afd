/**
 * @file Scoring of ablations, shared by both ways of running them ({@link ablationEffects} and
 * {@link prefixAblationEffects}): the unablated next-token distributions of a window, and KL(P_base ‖ P_ablated)
 * of an ablated copy's logits rows against them.
 */

/** Logits as onnxruntime returns them: rows of `vocab` floats, one after another. */
export interface LogitRows {
  readonly data: Float32Array;
  readonly vocab: number;
}

/** The unablated next-token distributions of a window: per row, Σ p·log p and the probabilities [rows, V]. */
export interface Baseline {
  /** [rows]: Σ_v p log p of each row (minus its entropy). */
  readonly plogp: Float64Array;
  readonly p: Float64Array;
  readonly vocab: number;
}

/** The distributions of rows [0, rows) of `logits` (the first batch item), in float64. */
export function baselineOf(logits: LogitRows, rows: number): Baseline {
  const V = logits.vocab;
  const p = new Float64Array(rows * V);
  const plogp = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const lse = logSumExp(logits.data, r * V, V);
    let s = 0;
    for (let v = 0; v < V; v++) {
      const lp = (logits.data[r * V + v] ?? 0) - lse;
      const q = Math.exp(lp);
      p[r * V + v] = q;
      s += q * lp;
    }
    plogp[r] = s;
  }
  return { plogp, p, vocab: V };
}

/** log Σ exp of `src[at..at+V)`. */
function logSumExp(src: Float32Array, at: number, V: number): number {
  let max = -Infinity;
  for (let v = 0; v < V; v++) max = Math.max(max, src[at + v] ?? -Infinity);
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp((src[at + v] ?? 0) - max);
  return max + Math.log(sum);
}

/**
 * KL(P_base ‖ P_ablated) of logits rows r in [rFrom, rTo) of one ablated copy, into `out[r + 1]` (the target each
 * row predicts); row r of the copy starts at `data[at + (r − rFrom) · V]`. KL = Σ p log p − Σ p x + lse(x) for
 * logits x (Σ p = 1). Clamped at 0: KL is non-negative, and float rounding can dip below it.
 */
export function scoreRows(
  base: Baseline,
  logits: LogitRows,
  at: number,
  rFrom: number,
  rTo: number,
  out: Float32Array,
): void {
  const V = base.vocab;
  const { data } = logits;
  for (let r = rFrom; r < rTo; r++) {
    const row = at + (r - rFrom) * V;
    let px = 0;
    let max = -Infinity;
    for (let v = 0; v < V; v++) {
      const x = data[row + v] ?? 0;
      px += (base.p[r * V + v] ?? 0) * x;
      if (x > max) max = x;
    }
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp((data[row + v] ?? 0) - max);
    const kl = (base.plogp[r] ?? 0) - px + max + Math.log(sum);
    out[r + 1] = kl > 0 ? kl : 0;
  }
}
