/**
 * @file The laws' values, shared by the engine's fits and the panel's drawing: a compute law L(N,D), a power law
 * L(C), a loss-to-loss law L_y(L_x), and the compute-optimal model size N*(C) = (G·C/6)^a.
 */
import type { ComputeLaw, LossToLoss, Optimal, PowerLaw } from './scaling';

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
