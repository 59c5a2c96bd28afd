/**
 * @file Closed-form M/G/1 mean response times: Pollaczek–Khinchine for FCFS, and the SOAP formula of
 * papers-C §1.3 for SPRPT with limited preemption (c → 0: SJF; c = 1: SPRPT), with perfect or noisy predictions.
 *
 * Sizes have mean 1 and are served at rate 1, so λ = ρ. A job of size x has prediction r = x·e^{σZ} (σ = 0:
 * perfect). With s = e^{σz} and Mₖ(u) = ∫₀ᵘ yᵏ f(y) dy, every inner integral over sizes is exact in Mₖ:
 *   ρ'(t)  = λ E_z[M₁(t/s)]                              load of jobs predicted below t
 *   B(r)   = E_z[M₂(r/s) + ∫_{y ≥ r/s} max(0, (1−s)y + r, (1−cs)y)² f(y) dy]
 *   W(r)   = λ B(r) / (2 (1 − ρ'(r))²)                   waiting until first served
 *   Φ(t)   = ∫₀ᵗ du / (1 − ρ'(u))                        residence while preemptible
 *   E[T]   = E[W(r)] + E[Φ(r) − Φ(r − min(x, c·r))] + E[max(0, x − c·r)]
 * (the second bracket is §1.3's (y − b(q))² written with q = y·s and b(q) = min(q − r, c·q)). W and Φ are
 * tabulated on a log grid of r; the outer expectation runs over size quantiles and a grid of z.
 */
import { LensError } from '../../errors';
import { checkedSigma } from './predictions';
import { sizeTable, type SizeTable } from './sizeLaw';
import type { PolicySpec, Predictions } from './types';
import type { SizeLaw } from './workload';

/** Points of the log grid of r on which W and Φ are tabulated. */
const GRID = 6000;
/** Extra points of r within a cell of an empirical law: this many per unit of its mass, 2 to CELL_POINTS_MAX. */
const CELL_POINTS_PER_MASS = 2000;
const CELL_POINTS_MAX = 400;
/** Size quantiles of the outer expectation (perfect predictions; a quarter with noise). */
const OUTER = 65536;
/** Standard-normal grid of the noise: z in [−Z_MAX, Z_MAX]. */
const Z_MAX = 8;
const Z_POINTS = 161;

/**
 * Closed-form M/G/1 mean response time (papers-C §1.3) for fcfs (Pollaczek–Khinchine), sjf, sprpt and trail
 * at c, with perfect or noisy (lognormal σ) predictions, by numerical integration over the size law;
 * throws LensError('bad-input', 'load ≥ 1: the queue is unstable …') when rho ≥ 1.
 */
export function mg1MeanResponse(
  spec: PolicySpec,
  o: { rho: number; sizes: SizeLaw; predictions: Predictions },
): number {
  const rho = o.rho;
  if (!(rho > 0) || !Number.isFinite(rho))
    throw new LensError('bad-input', `The load ${String(rho).slice(0, 40)} is not above 0. Give 0 < rho < 1.`);
  if (rho >= 1)
    throw new LensError(
      'bad-input',
      `load ≥ 1: the queue is unstable (rho = ${String(rho).slice(0, 40)}), so latency grows without bound. ` +
        'Give a load below 1.',
    );
  if (o.predictions.kind === 'model')
    throw new LensError(
      'bad-input',
      'The M/G/1 theory needs perfect or noisy predictions, not a model’s. Choose perfect or noisy:SIGMA.',
    );
  const sigma = o.predictions.kind === 'noisy' ? checkedSigma(o.predictions.sigma) : 0;
  const table = sizeTable(o.sizes);
  if (spec.policy === 'fcfs') return 1 + (rho * table.second) / (2 * (1 - rho));
  const c = spec.policy === 'sjf' ? 0 : spec.policy === 'sprpt' ? 1 : (spec.c ?? 1);
  if (!(c >= 0 && c <= 1))
    throw new LensError('bad-input', `The preemption limit c = ${String(c).slice(0, 40)} is not in [0, 1].`);
  return soapMean(table, rho, c, noiseGrid(sigma));
}

/** Nodes s = e^{σz} and weights (summing to 1) of the standard normal z. */
interface Noise {
  readonly s: Float64Array;
  readonly w: Float64Array;
}

function noiseGrid(sigma: number): Noise {
  if (sigma === 0) return { s: Float64Array.of(1), w: Float64Array.of(1) };
  const s = new Float64Array(Z_POINTS);
  const w = new Float64Array(Z_POINTS);
  let total = 0;
  for (let i = 0; i < Z_POINTS; i++) {
    const z = -Z_MAX + (2 * Z_MAX * i) / (Z_POINTS - 1);
    s[i] = Math.exp(sigma * z);
    w[i] = Math.exp((-z * z) / 2) * (i === 0 || i === Z_POINTS - 1 ? 0.5 : 1);
    total += w[i] ?? 0;
  }
  for (let i = 0; i < Z_POINTS; i++) w[i] = (w[i] ?? 0) / total;
  return { s, w };
}

/**
 * The old-work bracket for one noise node, ∫_{y ≥ r/s} max(0, (1−s)y + r, (1−cs)y)² f(y) dy, by the partial
 * moments: `lo` holds them at r/s, `at` is scratch, `all` holds them at ∞. Below the crossing point b the first
 * line is the larger, above it (when cs < 1) the second; where cs ≥ 1 the first ends at its zero r/(s − 1).
 */
function overtaking(t: SizeTable, s: number, r: number, c: number, lo: Float64Array, at: Float64Array): number {
  const cs = c * s;
  const b = cs < 1 ? (c < 1 ? r / (s * (1 - c)) : Infinity) : s > 1 ? r / (s - 1) : Infinity;
  if (b === Infinity) at.set(allOf(t));
  else t.moments(b, at);
  const tail = cs < 1 && c < 1 ? (1 - cs) * (1 - cs) * (t.second - (at[2] ?? 0)) : 0;
  if (!(b > r / s)) return tail;
  const d0 = (at[0] ?? 0) - (lo[0] ?? 0);
  const d1 = (at[1] ?? 0) - (lo[1] ?? 0);
  const d2 = (at[2] ?? 0) - (lo[2] ?? 0);
  return (1 - s) * (1 - s) * d2 + 2 * r * (1 - s) * d1 + r * r * d0 + tail;
}

/** The partial moments at ∞ (mass, mean, E[S²]) of a table, computed once per table. */
const allCache = new WeakMap<SizeTable, Float64Array>();
function allOf(t: SizeTable): Float64Array {
  let all = allCache.get(t);
  if (all === undefined) {
    all = new Float64Array(3);
    t.moments(Infinity, all);
    allCache.set(t, all);
  }
  return all;
}

/**
 * The points of r where W and Φ are tabulated: a log grid over the law's range, plus points within each cell of
 * an empirical law (more in heavier cells), where the load below r climbs steeply.
 */
function rGrid(t: SizeTable, noise: Noise): Float64Array {
  const { s } = noise;
  const logLo = Math.log(Math.max(t.quantile(1e-10), 1e-300) * (s[0] ?? 1));
  const logHi = Math.log(t.quantile(1 - 1e-13) * (s[s.length - 1] ?? 1) * 2);
  const points: number[] = [];
  for (let k = 0; k < GRID; k++) points.push(Math.exp(logLo + ((logHi - logLo) * k) / (GRID - 1)));
  const cells = t.cells;
  if (cells !== undefined)
    for (let j = 0; j < cells.lo.length; j++) {
      const a = cells.lo[j] ?? 0;
      const b = cells.hi[j] ?? 0;
      const k = Math.min(CELL_POINTS_MAX, Math.max(2, Math.ceil((cells.mass[j] ?? 0) * CELL_POINTS_PER_MASS)));
      for (let i = 0; i <= k; i++) points.push(a + ((b - a) * i) / k);
    }
  return Float64Array.from(points).sort();
}

/** Linear interpolation of `table` (on the sorted `grid`) at r; `below` under the grid's first point. */
function lookup(grid: Float64Array, table: Float64Array, r: number, below: number): number {
  if (r <= (grid[0] ?? 0)) return below;
  let a = 0;
  let b = grid.length - 1;
  if (r >= (grid[b] ?? 0)) return table[b] ?? 0;
  while (b - a > 1) {
    const mid = (a + b) >> 1;
    if ((grid[mid] ?? 0) <= r) a = mid;
    else b = mid;
  }
  const ga = grid[a] ?? 0;
  const f = (r - ga) / ((grid[b] ?? 0) - ga);
  return (table[a] ?? 0) * (1 - f) + (table[b] ?? 0) * f;
}

/** The SOAP mean of §1.3, tabulating W and Φ on the grid of r. */
function soapMean(t: SizeTable, rho: number, c: number, noise: Noise): number {
  const { s, w } = noise;
  const grid = rGrid(t, noise);
  const waitAt = new Float64Array(grid.length);
  const phiAt = new Float64Array(grid.length);
  const lo = new Float64Array(3);
  const at = new Float64Array(3);
  let prevR = 0;
  let prevInv = 1;
  let phi = 0;
  for (let k = 0; k < grid.length; k++) {
    const r = grid[k] ?? 0;
    let load = 0;
    let bracket = 0;
    for (let i = 0; i < s.length; i++) {
      const si = s[i] ?? 1;
      const wi = w[i] ?? 0;
      t.moments(r / si, lo);
      load += wi * (lo[1] ?? 0);
      bracket += wi * ((lo[2] ?? 0) + overtaking(t, si, r, c, lo, at));
    }
    const inv = 1 / (1 - rho * load);
    phi += ((r - prevR) * (inv + prevInv)) / 2;
    waitAt[k] = rho * bracket * inv * inv * 0.5;
    phiAt[k] = phi;
    prevR = r;
    prevInv = inv;
  }
  const outer = s.length === 1 ? OUTER : OUTER / 16;
  let total = 0;
  for (let j = 0; j < outer; j++) {
    const x = t.quantile((j + 0.5) / outer);
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      const r = x * (s[i] ?? 1);
      const served = Math.min(x, c * r);
      const wait = lookup(grid, waitAt, r, waitAt[0] ?? 0);
      const resid = lookup(grid, phiAt, r, r) - lookup(grid, phiAt, r - served, r - served);
      sum += (w[i] ?? 0) * (wait + resid + Math.max(0, x - c * r));
    }
    total += sum;
  }
  return total / outer;
}
