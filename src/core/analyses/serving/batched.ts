/**
 * @file Continuous batching (vLLM-like), iteration by iteration.
 */
import { LensError } from '../../errors';
import type { Predicted } from './predictions';
import type { BatchedModel, PolicySpec, SimOptions, SimRun, Workload } from './types';

/** Simulates `spec` on `w` under continuous batching. */
export async function simulateBatched(
  w: Workload,
  spec: PolicySpec,
  pred: Predicted,
  opts: SimOptions,
  cost: BatchedModel,
): Promise<SimRun> {
  void [w, pred, opts, cost];
  await Promise.resolve();
  throw new LensError('internal', `The batched mode (${spec.policy}) is not written yet.`);
}
