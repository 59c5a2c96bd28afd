/**
 * @file The laws, their parameters' schemas and their values, shared by the engine's fits and the panel's drawing:
 * a compute law L(N,D), a power law L(C), a loss-to-loss law L_y(L_x), and the compute-optimal model size
 * N*(C) = (G·C/6)^a.
 */
import { v, Finite, type Infer } from './schema';

/** A finite number above 0. */
export const Positive = v.pipe(Finite, v.gtValue(0));

/** L(N,D) = ((A/N)^(alpha/beta) + B/D)^beta + E. */
export const ComputeLawSchema = v.object({ A: Positive, B: Positive, E: Positive, alpha: Positive, beta: Positive });
/** A compute law's parameters. */
export type ComputeLaw = Infer<typeof ComputeLawSchema>;
/** L(C) = E + A·C^(−alpha). */
export const PowerLawSchema = v.object({ A: Positive, E: Positive, alpha: Positive });
/** A power law's parameters. */
export type PowerLaw = Infer<typeof PowerLawSchema>;
/** L₁ = K·(L₀ − e0)^kappa + e1. */
export const LossToLossSchema = v.object({ kappa: Positive, K: Positive, e0: Finite, e1: Finite });
/** A loss-to-loss law's parameters. */
export type LossToLoss = Infer<typeof LossToLossSchema>;

/** The compute-optimal model size N*(C) = (G·C/6)^a of a compute law, with C = 6ND. */
export const OptimalSchema = v.object({ G: Positive, a: Positive });
/** N*(C) = (G·C/6)^a. */
export type Optimal = Infer<typeof OptimalSchema>;

/** The compute law's loss at N parameters and D tokens: ((A/N)^(α/β) + B/D)^β + E. */
export function computeLoss(law: ComputeLaw, N: number, D: number): number {
  return ((law.A / N) ** (law.alpha / law.beta) + law.B / D) ** law.beta + law.E;
}

/** The power law's loss at compute C: E + A·C^(−α). */
export function powerLoss(law: PowerLaw, C: number): number {
  return law.E + law.A * C ** -law.alpha;
}

/** The loss-to-loss law's y at loss x: K·(x − e0)^κ + e1 (NaN where x ≤ e0). */
export function l2lLoss(law: LossToLoss, x: number): number {
  return x > law.e0 ? law.K * (x - law.e0) ** law.kappa + law.e1 : Number.NaN;
}

/** N*(C) = (G·C/6)^a of a compute law's optimum (C = 6ND). */
export function optimalN(optimal: Optimal, C: number): number {
  return ((optimal.G * C) / 6) ** optimal.a;
}
