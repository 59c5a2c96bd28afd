/**
 * @file Fitting a compute law L(N,D) or a power law L(C) to runs as the paper's code does: parameters
 * (log A, log B, log E, α, β), mean Huber loss (δ = 1e-3) of log prediction − log loss, multi-start (log A and
 * log B each in {5, 10, 15, 20}, log E = 0.5, α = β = 0.4), best kept. The optimiser is Levenberg–Marquardt on
 * the Huber roots (see huber.ts), not the paper's L-BFGS: the objective and the starts are the same.
 */
import type { ComputeLaw, PowerLaw } from '../../../shared/scaling';
import { HUBER_DELTA } from './huber';
import { bestOfStarts, type LeastSquaresFit, type LeastSquaresProblem } from './optimise';

/** One run as the fits see it (checked by checks.ts first). */
export interface LawPoint {
  readonly where: string;
  readonly run?: string;
  readonly N?: number;
  readonly D?: number;
  readonly C: number;
  readonly loss: number;
}

/** What a fit may be told: its starts (default: the paper's grid) and a cancel signal. */
export interface LawFitOptions {
  readonly starts?: readonly (readonly number[])[];
  readonly signal?: AbortSignal;
}

/** A fitted law with its objective: the mean Huber loss of the log residuals. */
export interface LawFit<L> {
  readonly law: L;
  readonly huber: number;
  /** The fit's raw parameters (the optimiser's space), to restart from (bootstrap). */
  readonly raw: readonly number[];
}

const GRID = [5, 10, 15, 20];
/** The paper's 16 starts over (log A, log B, log E, α, β). */
export const COMPUTE_STARTS: readonly (readonly number[])[] = GRID.flatMap((a) =>
  GRID.map((b) => [a, b, 0.5, 0.4, 0.4]),
);

/** log(e^u + e^w), without overflow. */
const logSumExp = (u: number, w: number): number =>
  u > w ? u + Math.log1p(Math.exp(w - u)) : w + Math.log1p(Math.exp(u - w));

/** The Huber root of a log residual r and its derivative: s²/2 = ρ(r) (inlined huberRoot, the hot path). */
function root(r: number, grad: number[] | undefined): number {
  const a = Math.abs(r);
  if (a <= HUBER_DELTA) {
    if (grad) grad.fill(1);
    return r;
  }
  const s = Math.sqrt(2 * HUBER_DELTA * a - HUBER_DELTA * HUBER_DELTA);
  if (grad) grad.fill(HUBER_DELTA / s);
  return r < 0 ? -s : s;
}

/** Huber roots of log L(N,D) − log loss over (a, b, e, α, β) = (log A, log B, log E, α, β). */
export function computeProblem(points: readonly LawPoint[]): LeastSquaresProblem {
  const logN = Float64Array.from(points, (p) => Math.log(p.N ?? Number.NaN));
  const logD = Float64Array.from(points, (p) => Math.log(p.D ?? Number.NaN));
  const logL = Float64Array.from(points, (p) => Math.log(p.loss));
  return {
    count: points.length,
    at(p) {
      const [a = 0, b = 0, e = 0, alpha = 1, beta = 1] = p;
      const ratio = alpha / beta;
      return (i, grad) => {
        const la = a - (logN[i] ?? 0);
        const u1 = ratio * la;
        const t = logSumExp(u1, b - (logD[i] ?? 0));
        const w1 = Math.exp(u1 - t);
        const lp = logSumExp(beta * t, e);
        const s = root(lp - (logL[i] ?? 0), grad);
        if (grad) {
          const ds = grad[0] ?? 1;
          const g = Math.exp(beta * t - lp) * ds;
          grad[0] = g * alpha * w1;
          grad[1] = g * beta * (1 - w1);
          grad[2] = Math.exp(e - lp) * ds;
          grad[3] = g * w1 * la;
          grad[4] = g * (t - w1 * u1);
        }
        return s;
      };
    },
  };
}

/** Huber roots of log L(C) − log loss over (a, e, α) = (log A, log E, α). */
export function powerProblem(points: readonly LawPoint[]): LeastSquaresProblem {
  const logC = Float64Array.from(points, (p) => Math.log(p.C));
  const logL = Float64Array.from(points, (p) => Math.log(p.loss));
  return {
    count: points.length,
    at(p) {
      const [a = 0, e = 0, alpha = 1] = p;
      return (i, grad) => {
        const lc = logC[i] ?? 0;
        const v = a - alpha * lc;
        const lp = logSumExp(v, e);
        const s = root(lp - (logL[i] ?? 0), grad);
        if (grad) {
          const ds = grad[0] ?? 1;
          const g = Math.exp(v - lp) * ds;
          grad[0] = g;
          grad[1] = Math.exp(e - lp) * ds;
          grad[2] = -g * lc;
        }
        return s;
      };
    },
  };
}

const maxLogLoss = (points: readonly LawPoint[]): number => Math.log(Math.max(...points.map((p) => p.loss)));

function lawFit<L>(fit: LeastSquaresFit, n: number, law: L): LawFit<L> {
  return { law, huber: fit.cost / (2 * n), raw: fit.params };
}

/** The compute law of best mean Huber over the starts. */
export function fitComputeLaw(points: readonly LawPoint[], options: LawFitOptions = {}): LawFit<ComputeLaw> {
  const fit = bestOfStarts(
    computeProblem(points),
    options.starts ?? COMPUTE_STARTS,
    {
      lower: [-30, -30, -20, 0.005, 0.005],
      upper: [100, 100, maxLogLoss(points), 5, 5],
    },
    options.signal,
  );
  const [a = 0, b = 0, e = 0, alpha = 0, beta = 0] = fit.params;
  return lawFit(fit, points.length, { A: Math.exp(a), B: Math.exp(b), E: Math.exp(e), alpha, beta });
}

/** Starts of a power-law fit: α in {0.05, 0.1, 0.2, 0.4}, E at half or 0.9 of the least loss, A through the middle. */
function powerStarts(points: readonly LawPoint[]): number[][] {
  const sorted = [...points].sort((p, q) => p.C - q.C);
  const mid = sorted[Math.floor(sorted.length / 2)] ?? { C: 1, loss: 1 };
  const least = Math.min(...points.map((p) => p.loss));
  return [0.05, 0.1, 0.2, 0.4].flatMap((alpha) =>
    [0.5, 0.9].map((f) => {
      const e = Math.log(f * least);
      return [Math.log(Math.max(mid.loss - f * least, 1e-6)) + alpha * Math.log(mid.C), e, alpha];
    }),
  );
}

/** The power law of best mean Huber over the starts. */
export function fitPowerLaw(points: readonly LawPoint[], options: LawFitOptions = {}): LawFit<PowerLaw> {
  const fit = bestOfStarts(
    powerProblem(points),
    options.starts ?? powerStarts(points),
    {
      lower: [-50, -20, 0.001],
      upper: [200, maxLogLoss(points), 5],
    },
    options.signal,
  );
  const [a = 0, e = 0, alpha = 0] = fit.params;
  return lawFit(fit, points.length, { A: Math.exp(a), E: Math.exp(e), alpha });
}
