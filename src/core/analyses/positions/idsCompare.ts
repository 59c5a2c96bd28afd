/**
 * @file Compares a model's predicted position IDs (Predictive Position Coupling: at step t the
 * model predicts the ID of token t + 1) with the coupling rule's IDs on the answer tokens.
 */
import type { CoupledProblem } from './couplingTypes';
import { LensError } from '../../errors';

/** Rule against prediction on each answer token. */
export interface IdComparison {
  /** For each answer token: its index, the rule's ID, the predicted ID and whether they agree. */
  readonly rows: readonly { readonly index: number; readonly rule: number; readonly predicted: number; readonly match: boolean }[];
  /** Share of answer tokens whose predicted ID equals the rule's. */
  readonly accuracy: number;
}

/**
 * Compares `predicted` (one ID per token of `coupled.tokens`, already aligned so that
 * `predicted[i]` is the model's ID for token i) with the rule on the answer tokens.
 */
export function idsCompare(coupled: CoupledProblem, predicted: ArrayLike<number>): IdComparison {
  if (predicted.length !== coupled.tokens.length) {
    throw new LensError('bad-input', `Expected one predicted position ID per token (${coupled.tokens.length}); got ${predicted.length}.`);
  }
  const rows = coupled.answerIndices.map((index) => {
    const rule = coupled.ruleIds[index] ?? -1;
    const p = predicted[index] ?? -1;
    return { index, rule, predicted: p, match: rule === p };
  });
  const hits = rows.filter((r) => r.match).length;
  return { rows, accuracy: rows.length === 0 ? 1 : hits / rows.length };
}
