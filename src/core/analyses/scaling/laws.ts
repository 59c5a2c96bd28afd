/**
 * @file The laws: a compute law L(N,D) = ((A/N)^(α/β) + B/D)^β + E (the paper's Kaplan form), a power law
 * L(C) = E + A·C^(−α), a loss-to-loss law L₁ = K·(L₀ − E₀)^κ + E₁, the translation of a compute law
 * through a loss-to-loss law, and the compute-optimal model size N*(C) of a compute law with C = 6ND.
 */
import type { ComputeLaw, Optimal } from '../../../shared/scaling';

export { computeLoss, l2lLoss, optimalN, powerLoss } from '../../../shared/scalingLaws';

/**
 * The compute law of dataset 1 from dataset 0's law and the train-to-train law from 0 to 1:
 * α′ = κα, β′ = κβ, A′ = A·K^(1/(κα)), B′ = B·K^(1/(κβ)), E′ = E₁.
 */
export function translateLaw(law: ComputeLaw, l2l: { kappa: number; K: number; e1: number }): ComputeLaw {
  const { kappa, K, e1 } = l2l;
  return {
    A: law.A * K ** (1 / (kappa * law.alpha)),
    B: law.B * K ** (1 / (kappa * law.beta)),
    E: e1,
    alpha: kappa * law.alpha,
    beta: kappa * law.beta,
  };
}

/**
 * N*(C) of a compute law with C = 6ND: minimising (A/N)^(α/β) + 6BN/C over N gives N* = (G·C/6)^a with
 * G = α·A^(α/β)/(β·B) and a = β/(α+β).
 */
export function optimalOf(law: ComputeLaw): Optimal {
  const { A, B, alpha, beta } = law;
  return { G: (alpha * A ** (alpha / beta)) / (beta * B), a: beta / (alpha + beta) };
}
