/**
 * @file Sparsity statistics of attention maps, accumulated row by row over windows: mean k_p
 * (the fewest keys holding a share p of a row's mass), a histogram of k_p in powers of two, the
 * mean attention distance Σ_j a_qj·(q−j), and the share of mass on the window's first token
 * (the attention sink). One accumulator per head, per layer mean, or per rollout.
 */
import { kForMass, type NumericRow } from './kMass';

/** Running sums for one map (a head, a layer's head mean, or the rollout). */
export interface MapStatsAccumulator {
  rows: number;
  kSum: number;
  distanceSum: number;
  sinkSum: number;
  /** Counts of k_p per bin: bin 0 holds k ≤ 1, bin b holds 2^(b−1) < k ≤ 2^b. */
  readonly histogram: Float64Array;
}

/** Finished statistics of one map over every row added. */
export interface MapStats {
  /** Query rows measured. */
  readonly rows: number;
  /** Mean k_p over rows. */
  readonly meanK: number;
  /** Row counts per k_p bin; the bins' upper bounds are {@link kBinBounds}. */
  readonly kHistogram: readonly number[];
  /** Mean over rows of Σ_j a_qj·(q−j), in tokens (rows normalised to sum 1). */
  readonly meanDistance: number;
  /** Mean over rows of the share of mass on the window's first token (the sink). */
  readonly sinkShare: number;
}

/** Rows [qFrom, qTo) of a causal [T×T] map stored at `offset` of `data`. */
export interface MapRows {
  readonly data: NumericRow;
  readonly offset: number;
  readonly T: number;
  readonly qFrom: number;
  readonly qTo: number;
}

/** Number of k_p bins needed for rows of up to `context` keys: 1 + ⌈log2 context⌉. */
export function kBinCount(context: number): number {
  return 1 + (context <= 1 ? 0 : 32 - Math.clz32(context - 1));
}

/** Upper bounds of the k_p histogram bins: 1, 2, 4, …, 2^(bins−1). */
export function kBinBounds(bins: number): number[] {
  return Array.from({ length: bins }, (_, b) => 2 ** b);
}

/** The histogram bin of a k_p value (k ≤ 1 → 0, else ⌈log2 k⌉, capped at the last bin). */
export function kBin(k: number, bins: number): number {
  const b = k <= 1 ? 0 : 32 - Math.clz32(k - 1);
  return Math.min(b, bins - 1);
}

/** An empty accumulator with `bins` histogram bins (see {@link kBinCount}). */
export function mapStatsCreate(bins: number): MapStatsAccumulator {
  return { rows: 0, kSum: 0, distanceSum: 0, sinkSum: 0, histogram: new Float64Array(bins) };
}

/**
 * Adds rows [qFrom, qTo) of a causal map to `acc`. Row q covers keys 0..q.
 * @param p share of mass for k_p
 * @param kOut optional: receives k_p of row q at `kOut[kOutAt + q − qFrom]`
 */
export function mapStatsAdd(acc: MapStatsAccumulator, rows: MapRows, p: number, kOut?: Float32Array, kOutAt = 0): void {
  const { data, offset, T, qFrom, qTo } = rows;
  if (qFrom < 0 || qTo > T || offset + T * T > data.length)
    throw new RangeError(`rows ${qFrom}..${qTo} of a ${T}×${T} map at ${offset} are out of range`);
  const scratch = new Float64Array(T);
  for (let q = qFrom; q < qTo; q++) {
    const base = offset + q * T;
    const row = data.subarray(base, base + q + 1);
    const k = kForMass(row, p, scratch);
    let total = 0;
    let distance = 0;
    for (let j = 0; j <= q; j++) {
      const a = row[j] ?? 0;
      total += a;
      distance += a * (q - j);
    }
    acc.rows++;
    acc.kSum += k;
    acc.histogram[kBin(k, acc.histogram.length)] = (acc.histogram[kBin(k, acc.histogram.length)] ?? 0) + 1;
    if (total > 0) {
      acc.distanceSum += distance / total;
      acc.sinkSum += (row[0] ?? 0) / total;
    }
    if (kOut !== undefined) kOut[kOutAt + q - qFrom] = k;
  }
}

/** The statistics an accumulator holds (zeros when no row was added). */
export function mapStatsFinish(acc: MapStatsAccumulator): MapStats {
  const n = acc.rows;
  return {
    rows: n,
    meanK: n > 0 ? acc.kSum / n : 0,
    kHistogram: Array.from(acc.histogram),
    meanDistance: n > 0 ? acc.distanceSum / n : 0,
    sinkShare: n > 0 ? acc.sinkSum / n : 0,
  };
}

/** Statistics averaged over heads (each head weighted equally). */
export interface HeadAverage {
  readonly meanK: number;
  readonly meanDistance: number;
  readonly sinkShare: number;
}

/** The mean over heads of their finished statistics. */
export function headAverage(heads: readonly MapStats[]): HeadAverage {
  const n = heads.length;
  if (n === 0) return { meanK: 0, meanDistance: 0, sinkShare: 0 };
  let k = 0;
  let d = 0;
  let s = 0;
  for (const h of heads) {
    k += h.meanK;
    d += h.meanDistance;
    s += h.sinkShare;
  }
  return { meanK: k / n, meanDistance: d / n, sinkShare: s / n };
}
