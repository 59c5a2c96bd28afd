/**
 * @file Histogram split search for gradient-boosted regression trees (second order, as in
 * XGBoost): per feature, sums of gradients G and hessians H per bin code; a split's loss
 * reduction is ½ [G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)], and a leaf's value is −G/(H+λ).
 */
import { SPLIT_EQUALS, SPLIT_THRESHOLD, type BinnedFeatures } from './bins';
import type { SplitChoice } from './grow';
import { stepsRun, type Steps } from './steps';

/** Features searched between two pauses of {@link GradSplitter.findSteps}. */
const COLUMNS_PER_STEP = 4;

/** Finds the best regression split of a node from per-sample gradients and hessians. */
export class GradSplitter {
  private readonly sg: Float64Array;
  private readonly sh: Float64Array;
  private readonly sc: Int32Array;
  /** Per-sample gradient and hessian of the current tree; set before growing it. */
  g: Float64Array;
  h: Float64Array;

  /** `lambda` is the L2 penalty on leaf values; `minLeaf` the fewest samples per leaf. */
  constructor(
    private readonly b: BinnedFeatures,
    private readonly minLeaf: number,
    private readonly lambda: number,
  ) {
    let most = 0;
    for (let j = 0; j < b.cols; j++) most = Math.max(most, b.nCodes[j] ?? 0);
    this.sg = new Float64Array(most);
    this.sh = new Float64Array(most);
    this.sc = new Int32Array(most);
    this.g = new Float64Array(b.rows);
    this.h = new Float64Array(b.rows);
  }

  /** The leaf value −G/(H+λ) of samples idx[start..end). */
  leafValue(idx: Int32Array, start: number, end: number): number {
    let G = 0;
    let H = 0;
    for (let p = start; p < end; p++) {
      const i = idx[p] ?? 0;
      G += this.g[i] ?? 0;
      H += this.h[i] ?? 0;
    }
    return -G / (H + this.lambda);
  }

  /** Best split of idx[start..end) by loss reduction, or null when none reduces the loss. */
  find(idx: Int32Array, start: number, end: number): SplitChoice | null {
    return stepsRun(this.findSteps(idx, start, end));
  }

  /** {@link find} as steps: yields after every {@link COLUMNS_PER_STEP} features, so a large node's search pauses. */
  *findSteps(idx: Int32Array, start: number, end: number): Steps<SplitChoice | null> {
    let best: SplitChoice | null = null;
    for (let j = 0; j < this.b.cols; j++) {
      if (j % COLUMNS_PER_STEP === COLUMNS_PER_STEP - 1) yield;
      const [G, H] = this.histogram(j, idx, start, end);
      const parent = (G * G) / (H + this.lambda);
      const mode = this.b.mode[j];
      const n = end - start;
      const t = mode !== SPLIT_EQUALS ? this.sweep(j, n, G, H, parent, false) : null;
      const e = mode !== SPLIT_THRESHOLD ? this.sweep(j, n, G, H, parent, true) : null;
      for (const r of [t, e]) if (r !== null && (best === null || r.gain > best.gain)) best = r;
    }
    return best !== null && best.gain > 1e-12 ? best : null;
  }

  /** Fills the per-code sums of feature j and returns the node's totals [G, H]. */
  private histogram(j: number, idx: Int32Array, start: number, end: number): [number, number] {
    const { b, sg, sh, sc } = this;
    const nc = b.nCodes[j] ?? 0;
    sg.fill(0, 0, nc);
    sh.fill(0, 0, nc);
    sc.fill(0, 0, nc);
    return histogramFill(b.codes, j * b.rows, idx, start, end, this.g, this.h, sg, sh, sc);
  }

  /** Best threshold split (cumulative codes) or equality split (one code against the rest). */
  private sweep(j: number, n: number, G: number, H: number, parent: number, equals: boolean): SplitChoice | null {
    const { sg, sh, sc, lambda, minLeaf } = this;
    const nc = this.b.nCodes[j] ?? 0;
    const rare = this.b.rare[j] ?? -1;
    let gL = 0;
    let hL = 0;
    let nL = 0;
    let best: SplitChoice | null = null;
    for (let c = 0; c < nc; c++) {
      const size = sc[c] ?? 0;
      if (equals) {
        gL = sg[c] ?? 0;
        hL = sh[c] ?? 0;
        nL = size;
        if (c === rare) continue;
      } else {
        if (c + 1 === nc) break;
        gL += sg[c] ?? 0;
        hL += sh[c] ?? 0;
        nL += size;
      }
      if (size === 0 || nL < minLeaf || n - nL < minLeaf) continue;
      const gR = G - gL;
      const hR = H - hL;
      const gain = 0.5 * ((gL * gL) / (hL + lambda) + (gR * gR) / (hR + lambda) - parent);
      if (best === null || gain > best.gain) best = { feature: j, code: c, equals, gain };
    }
    return best;
  }
}

/** Adds each sample's gradient, hessian and count to its code's bin; a free function so V8 keeps it tight. */
function histogramFill(
  codes: Uint16Array,
  off: number,
  idx: Int32Array,
  start: number,
  end: number,
  g: Float64Array,
  h: Float64Array,
  sg: Float64Array,
  sh: Float64Array,
  sc: Int32Array,
): [number, number] {
  let G = 0;
  let H = 0;
  for (let p = start; p < end; p++) {
    const i = idx[p] ?? 0;
    const c = codes[off + i] ?? 0;
    const gi = g[i] ?? 0;
    const hi = h[i] ?? 0;
    sg[c] = (sg[c] ?? 0) + gi;
    sh[c] = (sh[c] ?? 0) + hi;
    sc[c] = (sc[c] ?? 0) + 1;
    G += gi;
    H += hi;
  }
  return [G, H];
}
