/**
 * @file Histogram split search for classification trees. For each feature the node's labels are
 * counting-sorted by bin code (O(samples + codes)); one sweep then scores every threshold, or
 * every "== category" split, keeping the sums S = Σ_k f(count_k) of both sides up to date as
 * samples move across. f(x) = x² gives Gini impurity 1 - S/n², f(x) = x ln x gives entropy
 * (ln n - S/n) / ln 2 bits, so each move costs O(1) whatever the number of classes.
 */
import { SPLIT_EQUALS, SPLIT_THRESHOLD, type BinnedFeatures } from './bins';
import type { SplitChoice } from './grow';

/** Impurity measure: Gini impurity or Shannon entropy in bits. */
export type Criterion = 'gini' | 'entropy';

/** The impurity of a class-count vector: Gini 1 - Σ p², or entropy -Σ p log2 p. */
export function impurityOf(counts: ArrayLike<number>, criterion: Criterion): number {
  let n = 0;
  for (let k = 0; k < counts.length; k++) n += counts[k] ?? 0;
  if (n === 0) return 0;
  let s = 0;
  for (let k = 0; k < counts.length; k++) {
    const p = (counts[k] ?? 0) / n;
    s += criterion === 'gini' ? p * p : p > 0 ? -p * Math.log2(p) : 0;
  }
  return criterion === 'gini' ? 1 - s : s;
}

/** Finds the best classification split of a node; one instance serves a whole tree. */
export class ClassSplitter {
  private readonly f: Float64Array;
  private readonly total: Int32Array;
  private readonly left: Int32Array;
  private readonly ordered: Int32Array;
  private readonly bounds: Int32Array;

  /** `y` holds class indices 0..nClasses-1, one per sample. */
  constructor(
    private readonly b: BinnedFeatures,
    private readonly y: Int32Array,
    nClasses: number,
    private readonly criterion: Criterion,
    private readonly minLeaf: number,
  ) {
    this.f = new Float64Array(b.rows + 1);
    for (let x = 1; x <= b.rows; x++) this.f[x] = criterion === 'gini' ? x * x : x * Math.log(x);
    this.total = new Int32Array(nClasses);
    this.left = new Int32Array(nClasses);
    this.ordered = new Int32Array(b.rows);
    let most = 0;
    for (let j = 0; j < b.cols; j++) most = Math.max(most, b.nCodes[j] ?? 0);
    this.bounds = new Int32Array(most + 1);
  }

  /** Best split of idx[start..end) with its impurity decrease, or null when none decreases it. */
  find(idx: Int32Array, start: number, end: number): SplitChoice | null {
    const { f, total, y } = this;
    let s0 = 0;
    let most = 0;
    for (let p = start; p < end; p++) {
      const k = y[idx[p] ?? 0] ?? 0;
      const a = total[k] ?? 0;
      s0 += (f[a + 1] ?? 0) - (f[a] ?? 0);
      total[k] = a + 1;
      most = Math.max(most, a + 1);
    }
    let best: { feature: number; code: number; score: number; equals: boolean } | null = null;
    const keep = (j: number, r: { code: number; score: number } | null, equals: boolean): void => {
      if (r !== null && (best === null || r.score > best.score))
        best = { feature: j, code: r.code, score: r.score, equals };
    };
    if (most < end - start) {
      for (let j = 0; j < this.b.cols; j++) {
        const n = this.sortByCode(j, idx, start, end);
        const mode = this.b.mode[j];
        if (mode !== SPLIT_EQUALS) keep(j, this.sweepThreshold(j, n, s0), false);
        if (mode !== SPLIT_THRESHOLD) keep(j, this.sweepEquals(j, n, s0), true);
      }
    }
    for (let p = start; p < end; p++) total[y[idx[p] ?? 0] ?? 0] = 0;
    const found = best as { feature: number; code: number; score: number; equals: boolean } | null;
    if (found === null) return null;
    const gain = this.gainOf(end - start, s0, found.score);
    return gain > 1e-12 ? { feature: found.feature, code: found.code, equals: found.equals, gain } : null;
  }

  /** Labels of the node in code order into `ordered[0..n)`, code c spanning bounds[c]..bounds[c+1]. */
  private sortByCode(j: number, idx: Int32Array, start: number, end: number): number {
    const { b, bounds, ordered, y } = this;
    const nc = b.nCodes[j] ?? 0;
    const codes = b.codes.subarray(j * b.rows, (j + 1) * b.rows);
    bounds.fill(0, 0, nc + 1);
    for (let p = start; p < end; p++) {
      const c1 = (codes[idx[p] ?? 0] ?? 0) + 1;
      bounds[c1] = (bounds[c1] ?? 0) + 1;
    }
    for (let c = 0; c < nc; c++) bounds[c + 1] = (bounds[c + 1] ?? 0) + (bounds[c] ?? 0);
    for (let p = start; p < end; p++) {
      const i = idx[p] ?? 0;
      const c = codes[i] ?? 0;
      ordered[bounds[c] ?? 0] = y[i] ?? 0;
      bounds[c] = (bounds[c] ?? 0) + 1;
    }
    for (let c = nc; c > 0; c--) bounds[c] = bounds[c - 1] ?? 0;
    bounds[0] = 0;
    return end - start;
  }

  /** Best "code <= c" split; the score is the proxy that `gainOf` turns into an impurity decrease. */
  private sweepThreshold(j: number, n: number, s0: number): { code: number; score: number } | null {
    const { left, ordered, bounds } = this;
    const nc = this.b.nCodes[j] ?? 0;
    const sums = { left: 0, right: s0 };
    let best: { code: number; score: number } | null = null;
    for (let c = 0; c + 1 < nc; c++) {
      const from = bounds[c] ?? 0;
      const to = bounds[c + 1] ?? 0;
      this.moveLeft(from, to, sums);
      if (to === from || to < this.minLeaf) continue;
      if (n - to < this.minLeaf) break;
      const score = this.proxy(to, sums.left, n - to, sums.right);
      if (best === null || score > best.score) best = { code: c, score };
    }
    for (let p = 0; p < n; p++) left[ordered[p] ?? 0] = 0;
    return best;
  }

  /**
   * Moves the rows `ordered[from..to)` to the left side, updating the left and right entropy sums in `sums`
   * (in place, in the same order of additions as a single running sum).
   */
  private moveLeft(from: number, to: number, sums: { left: number; right: number }): void {
    const { f, total, left, ordered } = this;
    for (let p = from; p < to; p++) {
      const k = ordered[p] ?? 0;
      const a = left[k] ?? 0;
      const r = (total[k] ?? 0) - a;
      sums.left += (f[a + 1] ?? 0) - (f[a] ?? 0);
      sums.right += (f[r - 1] ?? 0) - (f[r] ?? 0);
      left[k] = a + 1;
    }
  }

  /** Best "== category" split against all other categories. */
  private sweepEquals(j: number, n: number, s0: number): { code: number; score: number } | null {
    const { left, ordered, bounds } = this;
    const nc = this.b.nCodes[j] ?? 0;
    const rare = this.b.rare[j] ?? -1;
    let best: { code: number; score: number } | null = null;
    for (let c = 0; c < nc; c++) {
      const from = bounds[c] ?? 0;
      const to = bounds[c + 1] ?? 0;
      const size = to - from;
      if (c === rare || size < this.minLeaf || n - size < this.minLeaf) continue;
      const sums = { left: 0, right: s0 };
      this.moveLeft(from, to, sums);
      for (let p = from; p < to; p++) left[ordered[p] ?? 0] = 0;
      const score = this.proxy(size, sums.left, n - size, sums.right);
      if (best === null || score > best.score) best = { code: c, score };
    }
    return best;
  }

  /** Larger is better: Σ S/n over both sides (Gini), or S - f(n) summed (entropy). */
  private proxy(nL: number, sL: number, nR: number, sR: number): number {
    if (this.criterion === 'gini') return sL / nL + sR / nR;
    return sL - (this.f[nL] ?? 0) + sR - (this.f[nR] ?? 0);
  }

  /** Parent impurity minus the size-weighted child impurity, from the best proxy. */
  private gainOf(n: number, s0: number, score: number): number {
    if (this.criterion === 'gini') return (score - s0 / n) / n;
    return (score - s0 + (this.f[n] ?? 0)) / (n * Math.LN2);
  }
}
