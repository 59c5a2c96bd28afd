/**
 * @file A hand-worked remaining-length result: 3 generated tokens over bins [0, 2), [2, 4); the answer ends after
 * the third token, so the truth after tokens 1, 2, 3 is 2, 1, 0. Refined 2.5, 1, 1 (errors 0.5, 0, 1: MAE 0.5);
 * prompt-only total 5, counted down: 4, 3, 2 (errors 2, 2, 2: MAE 2); probe alone 2, 2, 1 (MAE 1/3 · 2 = 0.667).
 */
import type { RemainingPredictResult } from '../../../src/shared/remaining';

const step = (
  text: string,
  probs: number[],
  probeOnly: number,
  refined: number,
  promptOnly: number,
  truth: number,
) => ({
  text,
  probs,
  probeOnly,
  refined,
  promptOnly,
  truth,
});

/** The hand-worked result. */
export const THREE_TOKENS: RemainingPredictResult = {
  model: 'remaining-lm',
  prompt: 'count down from 3:',
  layer: 2,
  layers: 4,
  bins: { edges: [0, 2, 4], centres: [1, 3] },
  promptOnlyTotal: 5,
  steps: [step('3', [0.5, 0.5], 2, 2.5, 4, 2), step(' 2', [0.5, 0.5], 2, 1, 3, 1), step(' 1', [1, 0], 1, 1, 2, 0)],
  done: true,
  finished: true,
  layerScan: [
    { layer: 1, mae: 1.5, heldOutMae: 4 },
    { layer: 2, mae: 0.5, heldOutMae: 3 },
  ],
};
