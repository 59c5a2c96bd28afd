/**
 * @file How concentrated one attention (or effect) row is: the fewest entries that hold a share
 * p of its mass (k_p, the paper's "number of tokens a prediction depends on", measured on
 * attention), and the k largest entries with their positions.
 */

/** A numeric row: a typed array or a view into one (`subarray`). */
export type NumericRow = Float32Array | Float64Array;

/**
 * Relative slack when comparing accumulated mass against p·total: a row whose top entries reach p
 * to within float32 rounding (attention arrives as float32) counts as reaching it.
 */
const SLACK = 1e-6;

/**
 * The fewest entries of `row` whose sum reaches `p` of the row's total: sort descending and
 * accumulate. Mass is relative to the row's own total, so rows that do not sum exactly to 1
 * (float error, a rollout row) are measured alike. Negative entries count as 0.
 * Returns 0 for an empty or all-zero row.
 * @param p share of the mass, in (0, 1]. @default 0.9
 * @param scratch optional buffer of at least `row.length` doubles, to avoid an allocation per row
 */
export function kForMass(row: NumericRow, p = 0.9, scratch?: Float64Array): number {
  if (!(p > 0 && p <= 1)) throw new RangeError(`p must be in (0, 1], got ${p}`);
  const n = row.length;
  const sorted = scratch !== undefined && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = row[i] ?? 0;
    const w = v > 0 ? v : 0;
    sorted[i] = w;
    total += w;
  }
  if (total <= 0) return 0;
  sorted.sort();
  const goal = p * total * (1 - SLACK);
  let acc = 0;
  for (let i = n - 1; i >= 0; i--) {
    acc += sorted[i] ?? 0;
    if (acc >= goal) return n - i;
  }
  return n;
}

/** The k largest entries of a row, largest first (ties: lower index first). */
export interface TopEntries {
  /** Indices into the row. */
  readonly indices: Int32Array;
  /** The row's values at those indices. */
  readonly weights: Float32Array;
}

/**
 * The `k` largest entries of `row` (fewer when the row is shorter), largest first; ties go to
 * the lower index, so the result is deterministic.
 */
export function topK(row: NumericRow, k: number): TopEntries {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  const n = row.length;
  const m = Math.min(k, n);
  const indices = new Int32Array(m);
  const values = new Float64Array(m);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = row[i] ?? 0;
    if (Number.isNaN(v) || (count === m && (m === 0 || v <= (values[m - 1] ?? 0)))) continue;
    let at = count < m ? count++ : m - 1;
    while (at > 0 && (values[at - 1] ?? 0) < v) {
      indices[at] = indices[at - 1] ?? 0;
      values[at] = values[at - 1] ?? 0;
      at--;
    }
    indices[at] = i;
    values[at] = v;
  }
  const weights = Float32Array.from(values.subarray(0, count));
  return { indices: indices.subarray(0, count), weights };
}
