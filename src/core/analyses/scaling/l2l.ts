/**
 * @file Loss-to-loss fits L_y = K·(L_x − E_x)^κ + E_y, as the paper's code does them:
 * - both E's fixed: least squares of log(y − E_y) on log(x − E_x) (closed form);
 * - E_y free: least squares on y over (κ, K, E_y), E_y in [0, min y] (the paper: scipy curve_fit, "trf");
 * - both free: a 100 × 100 grid over E_x in [0, min x) and E_y in [0, min y), each point solved in closed form and
 *   scored by the mean squared error on y; the best is then polished by least squares on y over all four.
 * Least squares on y runs Levenberg–Marquardt (optimise.ts) from several starts, each solved in closed form.
 */
import type { L2lMode, LossToLoss } from '../../../shared/scaling';
import { l2lLoss } from './laws';
import { bestOfStarts, type LeastSquaresProblem } from './optimise';

/** One pair of losses (checked by checks.ts first). */
export interface PairPoint {
  readonly where: string;
  readonly x: number;
  readonly y: number;
  /** The pair's compute, where known (the hold-out picks the largest). */
  readonly C?: number;
}

/** A loss-to-loss fit and its mean squared error on y. */
export interface L2lFit {
  readonly law: LossToLoss;
  readonly mode: L2lMode;
  readonly mse: number;
}

/** Given E's: both (fixed), e0 only (E_y free), or none (both free). */
export interface GivenEs {
  readonly e0?: number | undefined;
  readonly e1?: number | undefined;
  /** A free E_x stays below this x too (a held-out or predicted x, where the law must be defined). */
  readonly xFloor?: number | undefined;
}

/** The mode the given E's choose. */
export function modeOf(given: GivenEs): L2lMode {
  if (given.e0 !== undefined && given.e1 !== undefined) return 'fixed';
  return given.e0 !== undefined ? 'e1-free' : 'both-free';
}

/** Mean squared error on y of `law` over `points` (Infinity when not finite). */
export function mseOf(law: LossToLoss, points: readonly PairPoint[]): number {
  let sum = 0;
  for (const p of points) sum += (l2lLoss(law, p.x) - p.y) ** 2;
  const mse = sum / points.length;
  return Number.isFinite(mse) ? mse : Number.POSITIVE_INFINITY;
}

/** Least squares of log(y − e1) = κ·log(x − e0) + log K; undefined when a difference is not positive. */
export function solveFixed(points: readonly PairPoint[], e0: number, e1: number): LossToLoss | undefined {
  const n = points.length;
  let mx = 0;
  let my = 0;
  for (const p of points) {
    mx += Math.log(p.x - e0) / n;
    my += Math.log(p.y - e1) / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const dx = Math.log(p.x - e0) - mx;
    sxx += dx * dx;
    sxy += dx * (Math.log(p.y - e1) - my);
  }
  const kappa = sxy / sxx;
  const K = Math.exp(my - kappa * mx);
  if (!Number.isFinite(kappa) || !Number.isFinite(K) || kappa <= 0 || K <= 0) return undefined;
  return { kappa, K, e0, e1 };
}

/** Residuals law(x) − y over (κ, log K, e1) with e0 fixed, or over (κ, log K, e1, e0). */
function yProblem(points: readonly PairPoint[], fixedE0?: number): LeastSquaresProblem {
  return {
    count: points.length,
    at([kappa = 1, logK = 0, e1 = 0, e0 = fixedE0 ?? 0]) {
      return (i, grad) => {
        const p = points[i] ?? { x: 0, y: 0 };
        const d = p.x - (fixedE0 ?? e0);
        const term = Math.exp(logK + kappa * Math.log(d));
        if (grad) {
          grad[0] = term * Math.log(d);
          grad[1] = term;
          grad[2] = 1;
          if (fixedE0 === undefined) grad[3] = (-kappa * term) / d;
        }
        return term + e1 - p.y;
      };
    },
  };
}

const lawOf = (q: readonly number[], e0?: number): LossToLoss => ({
  kappa: q[0] ?? 1,
  K: Math.exp(q[1] ?? 0),
  e1: q[2] ?? 0,
  e0: e0 ?? q[3] ?? 0,
});

/** Least squares on y from `starts`, e0 fixed when given. */
export function polish(
  points: readonly PairPoint[],
  starts: readonly LossToLoss[],
  e0?: number,
  xFloor = Number.POSITIVE_INFINITY,
): LossToLoss {
  const minX = Math.min(xFloor, ...points.map((p) => p.x));
  const minY = Math.min(...points.map((p) => p.y));
  const q = starts.map((s) => [s.kappa, Math.log(s.K), s.e1, ...(e0 === undefined ? [s.e0] : [])]);
  const lower = [1e-3, -50, 0, ...(e0 === undefined ? [0] : [])];
  const upper = [50, 50, minY, ...(e0 === undefined ? [minX - 1e-9 * Math.abs(minX)] : [])];
  return lawOf(bestOfStarts(yProblem(points, e0), q, { lower, upper }).params, e0);
}

const linspace = (hi: number, n: number): number[] => Array.from({ length: n }, (_, i) => (hi * i) / (n - 1));

/** The paper's grid over (E_x, E_y), each solved in closed form, best by mean squared error on y. */
function gridBest(points: readonly PairPoint[], xFloor: number, size = 100): LossToLoss | undefined {
  const minX = Math.min(xFloor, ...points.map((p) => p.x));
  const minY = Math.min(...points.map((p) => p.y));
  let best: LossToLoss | undefined;
  let bestMse = Number.POSITIVE_INFINITY;
  for (const e0 of linspace(minX, size)) {
    for (const e1 of linspace(minY, size)) {
      const law = e0 < minX && e1 < minY ? solveFixed(points, e0, e1) : undefined;
      const mse = law ? mseOf(law, points) : Number.POSITIVE_INFINITY;
      if (law && mse < bestMse) [best, bestMse] = [law, mse];
    }
  }
  return best;
}

/** Starts for E_y free: closed-form solutions at E_y = 0, ½, 0.9 and 0.99 of min y, and the paper's (1, 1, 0). */
function e1Starts(points: readonly PairPoint[], e0: number): LossToLoss[] {
  const minY = Math.min(...points.map((p) => p.y));
  const solved = [0, 0.5, 0.9, 0.99].map((f) => solveFixed(points, e0, f * minY));
  return [{ kappa: 1, K: 1, e0, e1: 0 }, ...solved.filter((s): s is LossToLoss => s !== undefined)];
}

/**
 * Fits the loss-to-loss law in the mode the given E's choose; `start` (a previous fit) replaces the starts and
 * the grid (the bootstrap refits from the full fit).
 * @returns undefined when no fit is finite (a degenerate resample).
 */
export function fitL2l(points: readonly PairPoint[], given: GivenEs, start?: LossToLoss): L2lFit | undefined {
  const mode = modeOf(given);
  let law: LossToLoss | undefined;
  if (given.e0 !== undefined && given.e1 !== undefined) law = solveFixed(points, given.e0, given.e1);
  else if (given.e0 !== undefined) law = polish(points, start ? [start] : e1Starts(points, given.e0), given.e0);
  else {
    const floor = given.xFloor ?? Number.POSITIVE_INFINITY;
    const first = start ?? gridBest(points, floor);
    law = first && polish(points, [first], undefined, floor);
  }
  const mse = law ? mseOf(law, points) : Number.POSITIVE_INFINITY;
  return law && Number.isFinite(mse) ? { law, mode, mse } : undefined;
}
