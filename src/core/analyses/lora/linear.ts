/**
 * @file Linear merge: A = Σ √(w_i s_i)·A_i and B = Σ √(w_i s_i)·B_i, at the common rank r,
 * scaling 1. B·A = Σ_i w_i s_i B_i A_i + Σ_{i≠j} √(w_i s_i w_j s_j)·B_i A_j: the cross terms
 * make this differ from the weighted sum of updates (use `cat` or `svd` for that).
 *
 * Reproduces PEFT's `add_weighted_adapter(combination_type="linear")` exactly, including its
 * requirement of equal ranks; negative w_i·s_i (where PEFT's math.sqrt fails) are refused with
 * a message. A single adapter with weight w gives A = √(ws)·A, B = √(ws)·B, as in PEFT.
 */
import { mergeFactorSpace } from './factorSpace';
import { tensorsTaskArithmetic } from './taskTensors';
import type { LoraAdapter } from '../../formats/peft/types';

/** PEFT's `linear`. */
export function mergeLinear(adapters: readonly LoraAdapter[], weights: readonly number[]): LoraAdapter {
  return mergeFactorSpace(adapters, weights, tensorsTaskArithmetic, 'linear');
}
