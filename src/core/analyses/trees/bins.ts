/**
 * @file Bins each feature column once before training, so split search works on small integer
 * codes (histograms) instead of sorting raw values at every node.
 * - Threshold features (embedding and dense dimensions, and token ids when asked): up to
 *   `maxBins` quantile bins. Bin b holds values v with edge[b-1] < v <= edge[b]; the edges are
 *   data values, so the split "code <= b" is exactly "v <= edge[b]" at prediction time.
 * - Equality features (token ids by default): one code per distinct id, the `maxCategories` most
 *   frequent kept and the rest pooled in a "rare" code that is never split on. A split is
 *   "v == id" (yes) against "v != id" (no): ids are names, not quantities.
 * - Both (token ids, when asked and when there are at most `maxCategories` distinct ids): one
 *   code per distinct id in ascending order, so a split may be "v == id" or "v <= id". Token
 *   features that split by threshold get the same exact codes.
 */
import type { FeatureMatrix } from './features';
import { stepsRun, type Steps } from './steps';

/** Splits by "value <= edge" only. */
export const SPLIT_THRESHOLD = 0;
/** Splits by "value == category" only. */
export const SPLIT_EQUALS = 1;
/** Splits by either, over one code per distinct value. */
export const SPLIT_BOTH = 2;
/** How a feature may split. */
export type SplitMode = typeof SPLIT_THRESHOLD | typeof SPLIT_EQUALS | typeof SPLIT_BOTH;

/** A feature matrix as bin codes, column-major. */
export interface BinnedFeatures {
  readonly rows: number;
  readonly cols: number;
  /** codes[f * rows + i]: the bin of sample i in feature f. */
  readonly codes: Uint16Array;
  /** Number of codes per feature. */
  readonly nCodes: Int32Array;
  /** Per feature, how it splits: SPLIT_THRESHOLD, SPLIT_EQUALS or SPLIT_BOTH. */
  readonly mode: Uint8Array;
  /** Per feature, code → value: the category (equality, both) or the bin's upper edge (threshold). */
  readonly values: readonly Float32Array[];
  /** Per equality feature, the code pooling rare categories (never split on), or -1. */
  readonly rare: Int32Array;
}

/** How to bin. */
export interface BinOptions {
  /** Most bins for a threshold feature, 2..1024. @default 64 */
  readonly maxBins?: number;
  /** Most categories kept for an equality feature. @default 1024 */
  readonly maxCategories?: number;
  /** How column f splits. @default SPLIT_EQUALS for token features, SPLIT_THRESHOLD for the rest */
  readonly mode?: (f: number) => SplitMode;
  /**
   * Whether threshold column f gets one code per distinct value (up to `maxCategories`) instead of quantile bins.
   * @default token features do
   */
  readonly exact?: (f: number) => boolean;
  /** Values sampled per column to place quantile edges. @default 100000 */
  readonly quantileSample?: number;
}

/** Bins every column of a feature matrix. */
export function binsFit(m: FeatureMatrix, options: BinOptions = {}): BinnedFeatures {
  return stepsRun(binsFitSteps(m, options));
}

/** {@link binsFit} as steps: yields after every column. */
export function* binsFitSteps(m: FeatureMatrix, options: BinOptions = {}): Steps<BinnedFeatures> {
  const maxBins = Math.min(1024, Math.max(2, options.maxBins ?? 64));
  const maxCategories = Math.min(65534, Math.max(1, options.maxCategories ?? 1024));
  const modeOf = options.mode ?? ((f: number) => (m.descriptors[f]?.kind === 'token' ? SPLIT_EQUALS : SPLIT_THRESHOLD));
  const isExact = options.exact ?? ((f: number) => m.descriptors[f]?.kind === 'token');
  const codes = new Uint16Array(m.rows * m.cols);
  const nCodes = new Int32Array(m.cols);
  const mode = new Uint8Array(m.cols);
  const rare = new Int32Array(m.cols).fill(-1);
  const values: Float32Array[] = [];
  const column = new Float32Array(m.rows);
  for (let f = 0; f < m.cols; f++) {
    yield;
    for (let i = 0; i < m.rows; i++) column[i] = m.values[i * m.cols + f] ?? 0;
    const out = codes.subarray(f * m.rows, (f + 1) * m.rows);
    const wanted = modeOf(f);
    const exact =
      wanted === SPLIT_BOTH || (wanted === SPLIT_THRESHOLD && isExact(f))
        ? distinctFit(column, maxCategories, out)
        : null;
    if (exact !== null) {
      mode[f] = wanted;
      values.push(exact);
    } else if (wanted !== SPLIT_THRESHOLD) {
      mode[f] = SPLIT_EQUALS;
      const r = categoriesFit(column, maxCategories, out);
      values.push(r.values);
      rare[f] = r.rare;
    } else {
      values.push(edgesFit(column, maxBins, options.quantileSample ?? 100000, out));
    }
    nCodes[f] = values[f]?.length ?? 0;
  }
  return { rows: m.rows, cols: m.cols, codes, nCodes, mode, values, rare };
}

/** One code per distinct value, ascending, or null (nothing written) when there are more than `most`. */
function distinctFit(column: Float32Array, most: number, out: Uint16Array): Float32Array | null {
  const seen = new Set<number>();
  for (let i = 0; i < column.length; i++) {
    seen.add(column[i] ?? 0);
    if (seen.size > most) return null;
  }
  const values = Float32Array.from([...seen].sort((a, b) => a - b));
  for (let i = 0; i < column.length; i++) out[i] = edgeCode(values, column[i] ?? 0);
  return values;
}

/** Codes for an equality column: most frequent first (ties by value), the rest in a rare code. */
function categoriesFit(
  column: Float32Array,
  maxCategories: number,
  out: Uint16Array,
): { values: Float32Array; rare: number } {
  const counts = new Map<number, number>();
  for (let i = 0; i < column.length; i++) {
    const v = column[i] ?? 0;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const order = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const kept = order.slice(0, maxCategories).map((e) => e[0]);
  const hasRare = order.length > kept.length;
  const code = new Map<number, number>();
  kept.forEach((v, c) => code.set(v, c));
  const rareCode = hasRare ? kept.length : -1;
  for (let i = 0; i < column.length; i++) out[i] = code.get(column[i] ?? 0) ?? rareCode;
  const values = Float32Array.from(hasRare ? [...kept, Number.NaN] : kept);
  return { values, rare: rareCode };
}

/** Quantile edges for a threshold column; the last bin's edge is +Infinity. Writes the codes. */
function edgesFit(column: Float32Array, maxBins: number, sample: number, out: Uint16Array): Float32Array {
  const stride = Math.max(1, Math.floor(column.length / sample));
  const picked = new Float32Array(Math.ceil(column.length / stride));
  for (let i = 0, j = 0; i < column.length; i += stride) picked[j++] = column[i] ?? 0;
  picked.sort();
  const distinct: number[] = [];
  for (let i = 0; i < picked.length; i++) if (i === 0 || picked[i] !== picked[i - 1]) distinct.push(picked[i] ?? 0);
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) edges.push(distinct[i] ?? 0);
  } else {
    const max = picked[picked.length - 1] ?? 0;
    for (let b = 1; b < maxBins; b++) {
      const v = picked[Math.floor((b * picked.length) / maxBins) - 1] ?? max;
      if (v < max && (edges.length === 0 || v > (edges[edges.length - 1] ?? 0))) edges.push(v);
    }
  }
  edges.push(Number.POSITIVE_INFINITY);
  const values = Float32Array.from(edges);
  for (let i = 0; i < column.length; i++) out[i] = edgeCode(values, column[i] ?? 0);
  return values;
}

/** The first bin b with v <= values[b] (binary search; the last edge is +Infinity). */
export function edgeCode(values: Float32Array, v: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= (values[mid] ?? 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
