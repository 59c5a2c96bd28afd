/**
 * @file Size laws of mean 1 as the theory and the workload generator need them: the quantile function (to
 * sample and to integrate) and the partial moments ∫₀ᵘ yᵏ f(y) dy for k = 0, 1, 2.
 *
 * The empirical law is made continuous: each distinct value v is spread uniformly over [v − h/2, v + h/2],
 * h being the smallest gap between distinct values (at most the smallest value), then everything is scaled to
 * mean 1. Token counts thus become the continuous law "uniform within ±½ token", so no two jobs tie.
 */
import { LensError } from '../../errors';
import type { SizeLaw } from './workload';

/** A continuous size law of mean 1. */
export interface SizeTable {
  /** The p-quantile, 0 ≤ p < 1. */
  quantile(p: number): number;
  /** ∫₀ᵘ yᵏ f(y) dy. */
  moment(k: 0 | 1 | 2, u: number): number;
  /** The three partial moments at u at once, into out[0..2]. */
  moments(u: number, out: Float64Array): void;
  /** E[S²]. */
  readonly second: number;
  /** The cells of an empirical law (bounds and mass each), where its density jumps. */
  readonly cells?: { readonly lo: Float64Array; readonly hi: Float64Array; readonly mass: Float64Array };
}

/** The table of a size law (an empirical one is checked: finite, > 0, at least one value). */
export function sizeTable(law: SizeLaw): SizeTable {
  return law.kind === 'exponential' ? EXPONENTIAL : histogram(law.values);
}

const EXPONENTIAL: SizeTable = {
  quantile: (p) => -Math.log1p(-p),
  moment(k, u) {
    if (!(u > 0)) return 0;
    if (u === Infinity) return k === 2 ? 2 : 1;
    const e = Math.exp(-u);
    if (k === 0) return -Math.expm1(-u);
    if (k === 1) return u < 1e-3 ? u * u * (0.5 - u / 3 + (u * u) / 8) : 1 - (1 + u) * e;
    return u < 1e-3 ? u * u * u * (1 / 3 - u / 4) : 2 - (u * u + 2 * u + 2) * e;
  },
  moments(u, out) {
    if (!(u > 0)) {
      out.fill(0);
      return;
    }
    if (u === Infinity) {
      out.set([1, 1, 2]);
      return;
    }
    if (u < 1e-3) {
      out[0] = -Math.expm1(-u);
      out[1] = u * u * (0.5 - u / 3 + (u * u) / 8);
      out[2] = u * u * u * (1 / 3 - u / 4);
      return;
    }
    const e = Math.exp(-u);
    out[0] = 1 - e;
    out[1] = 1 - (1 + u) * e;
    out[2] = 2 - (u * u + 2 * u + 2) * e;
  },
  second: 2,
};

/** The continuous law of `values` scaled to mean 1 (pieces of constant density). */
function histogram(values: Float64Array): SizeTable {
  const distinct = checkedCounts(values);
  const xs = [...distinct.keys()].sort((a, b) => a - b);
  let h = xs[0] ?? 1;
  for (let i = 1; i < xs.length; i++) h = Math.min(h, (xs[i] ?? 0) - (xs[i - 1] ?? 0));
  let sum = 0;
  for (const v of values) sum += v;
  const scale = values.length / sum;
  const m = xs.length;
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  const mass = new Float64Array(m);
  const cum = [new Float64Array(m + 1), new Float64Array(m + 1), new Float64Array(m + 1)] as const;
  for (let j = 0; j < m; j++) {
    const v = xs[j] ?? 0;
    lo[j] = (v - h / 2) * scale;
    hi[j] = (v + h / 2) * scale;
    mass[j] = (distinct.get(v) ?? 0) / values.length;
    for (const k of [0, 1, 2] as const) cum[k][j + 1] = (cum[k][j] ?? 0) + piece(k, j, hi[j] ?? 0);
  }
  function piece(k: 0 | 1 | 2, j: number, u: number): number {
    const a = lo[j] ?? 0;
    const b = Math.min(u, hi[j] ?? 0);
    if (b <= a) return 0;
    return ((mass[j] ?? 0) / ((hi[j] ?? 0) - a)) * ((b ** (k + 1) - a ** (k + 1)) / (k + 1));
  }
  /** The last piece starting below u (−1 when none). */
  function find(u: number): number {
    let a = -1;
    let b = m - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if ((lo[mid] ?? 0) < u) a = mid;
      else b = mid - 1;
    }
    return a;
  }
  return {
    quantile(p) {
      let a = 0;
      let b = m - 1;
      while (a < b) {
        const mid = (a + b) >> 1;
        if ((cum[0][mid + 1] ?? 0) > p) b = mid;
        else a = mid + 1;
      }
      const within = (p - (cum[0][a] ?? 0)) / (mass[a] ?? 1);
      return (lo[a] ?? 0) + Math.min(1, Math.max(0, within)) * ((hi[a] ?? 0) - (lo[a] ?? 0));
    },
    moment(k, u) {
      const j = find(u);
      return j < 0 ? 0 : (cum[k][j] ?? 0) + piece(k, j, u);
    },
    moments(u, out) {
      const j = find(u);
      for (const k of [0, 1, 2] as const) out[k] = j < 0 ? 0 : (cum[k][j] ?? 0) + piece(k, j, u);
    },
    second: cum[2][m] ?? 0,
    cells: { lo, hi, mass },
  };
}

/** Counts per distinct value; refuses an empty law or a value that is not finite and > 0. */
function checkedCounts(values: Float64Array): Map<number, number> {
  if (values.length === 0)
    throw new LensError('bad-input', 'The empirical size law has no values. Give at least one output length.');
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (!(v > 0) || !Number.isFinite(v))
      throw new LensError(
        'bad-input',
        `The empirical size law's value ${i + 1} is ${String(v).slice(0, 40)}. Use finite lengths above 0.`,
      );
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}
