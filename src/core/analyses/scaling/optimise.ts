/**
 * @file Least squares by ml-levenberg-marquardt (a maintained Levenberg–Marquardt), with analytic Jacobians,
 * bounds, rounds that restart from the best point until the cost stops falling, and multi-start keeping the best.
 * Its loop applies every step and only remembers the best point, so each round restarts from that point.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { throwIfCancelled } from '../../errors';

/** A least-squares problem: `count` residuals of the parameters. */
export interface LeastSquaresProblem {
  readonly count: number;
  /** The residuals at `p`: residual `i`, its derivatives over `p` written into `grad` when given. */
  readonly at: (p: readonly number[]) => (i: number, grad?: number[]) => number;
}

/** Bounds and effort of a fit. */
export interface LeastSquaresOptions {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Iterations per round. @default 10 */
  readonly iterations?: number;
  /** Rounds at most (each restarts from the best point). @default 20 */
  readonly rounds?: number;
}

/** A minimum found: the parameters and the sum of squared residuals there. */
export interface LeastSquaresFit {
  readonly params: number[];
  readonly cost: number;
}

/** Sum of squared residuals of `problem` at `p` (Infinity when any is not finite). */
export function costOf(problem: LeastSquaresProblem, p: readonly number[]): number {
  const residual = problem.at(p);
  let sum = 0;
  for (let i = 0; i < problem.count; i++) sum += residual(i) ** 2;
  return Number.isFinite(sum) ? sum : Number.POSITIVE_INFINITY;
}

function round(problem: LeastSquaresProblem, start: number[], o: LeastSquaresOptions): number[] {
  const x = Array.from({ length: problem.count }, (_, i) => i);
  const y = new Array<number>(problem.count).fill(0);
  const k = start.length;
  const out = levenbergMarquardt(
    { x, y },
    (p) => {
      const residual = problem.at(p);
      return (i) => residual(i);
    },
    {
      initialValues: start,
      minValues: [...o.lower],
      maxValues: [...o.upper],
      maxIterations: o.iterations ?? 10,
      errorTolerance: 0,
      jacobianFunction: (p) => {
        const residual = problem.at(p);
        return (i) => {
          const grad = new Array<number>(k).fill(0);
          residual(i, grad);
          return grad;
        };
      },
    },
  );
  return out.parameterValues;
}

/** Levenberg–Marquardt from `start`, in rounds until the cost falls by less than 1e-12 of itself. */
export function leastSquares(problem: LeastSquaresProblem, start: readonly number[], o: LeastSquaresOptions) {
  let params = start.map((s, i) => Math.min(Math.max(s, o.lower[i] ?? s), o.upper[i] ?? s));
  let cost = costOf(problem, params);
  for (let r = 0; r < (o.rounds ?? 20) && cost > 0; r++) {
    const next = round(problem, params, o);
    const nextCost = costOf(problem, next);
    if (!(nextCost < cost)) break;
    const done = cost - nextCost <= 1e-12 * cost;
    params = next;
    cost = nextCost;
    if (done) break;
  }
  return { params, cost } satisfies LeastSquaresFit;
}

/** The best of {@link leastSquares} from each start (ties: the first). */
export function bestOfStarts(
  problem: LeastSquaresProblem,
  starts: readonly (readonly number[])[],
  o: LeastSquaresOptions,
  signal?: AbortSignal,
): LeastSquaresFit {
  let best: LeastSquaresFit = { params: [...(starts[0] ?? [])], cost: Number.POSITIVE_INFINITY };
  for (const start of starts) {
    throwIfCancelled(signal);
    const fit = leastSquares(problem, start, o);
    if (fit.cost < best.cost) best = fit;
  }
  return best;
}
