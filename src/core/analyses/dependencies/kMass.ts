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

/** Below this many candidates the remaining range is simply sorted. */
const SMALL = 16;

/**
 * The fewest entries of `row` whose sum reaches `p` of the row's total (the largest entries
 * first). Mass is relative to the row's own total, so rows that do not sum exactly to 1 (float
 * error, a rollout row) are measured alike. Negative entries count as 0. Returns 0 for an empty
 * or all-zero row. Expected linear time: a quickselect on the mass — partition around a pivot,
 * keep the larger side if it alone reaches the goal, otherwise take it whole and continue below.
 * @param p share of the mass, in (0, 1]. @default 0.9
 * @param scratch optional buffer of at least `row.length` doubles, to avoid an allocation per row
 */
export function kForMass(row: NumericRow, p = 0.9, scratch?: Float64Array): number {
  if (!(p > 0 && p <= 1)) throw new RangeError(`p must be in (0, 1], got ${p}`);
  const n = row.length;
  const a = scratch !== undefined && scratch.length >= n ? scratch : new Float64Array(n);
  let m = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = row[i] ?? 0;
    if (v > 0) {
      a[m++] = v;
      total += v;
    }
  }
  if (total <= 0) return 0;
  return selectMass(a, m, p * total * (1 - SLACK));
}

/** Fewest of the first `m` entries of `a` (all positive) whose sum reaches `goal`; reorders `a`. */
function selectMass(a: Float64Array, m: number, goal: number): number {
  let lo = 0;
  let hi = m;
  let count = 0;
  while (hi - lo > SMALL) {
    const pivot = medianOfThree(a[lo] ?? 0, a[(lo + hi) >> 1] ?? 0, a[hi - 1] ?? 0);
    const { end, sum } = partitionAbove(a, lo, hi, pivot);
    if (sum >= goal) {
      if (end === lo) break;
      hi = end;
      continue;
    }
    goal -= sum;
    count += end - lo;
    const equal = partitionEqual(a, end, hi, pivot);
    for (let j = end; j < equal; j++) {
      goal -= pivot;
      if (goal <= 0) return count + (j - end + 1);
    }
    count += equal - end;
    lo = equal;
  }
  const rest = a.subarray(lo, hi).sort();
  for (let j = rest.length - 1; j >= 0; j--) {
    goal -= rest[j] ?? 0;
    if (goal <= 0) return count + (rest.length - j);
  }
  return count + rest.length;
}

function medianOfThree(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

/** Moves entries of [lo, hi) greater than `pivot` to the front; returns where they end and their sum. */
function partitionAbove(a: Float64Array, lo: number, hi: number, pivot: number): { end: number; sum: number } {
  let i = lo;
  let sum = 0;
  for (let j = lo; j < hi; j++) {
    const v = a[j] ?? 0;
    if (v > pivot) {
      a[j] = a[i] ?? 0;
      a[i] = v;
      i++;
      sum += v;
    }
  }
  return { end: i, sum };
}

/** Moves entries of [lo, hi) equal to `pivot` to the front; returns where they end. */
function partitionEqual(a: Float64Array, lo: number, hi: number, pivot: number): number {
  let e = lo;
  for (let j = lo; j < hi; j++) {
    const v = a[j] ?? 0;
    if (v === pivot) {
      a[j] = a[e] ?? 0;
      a[e] = v;
      e++;
    }
  }
  return e;
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
