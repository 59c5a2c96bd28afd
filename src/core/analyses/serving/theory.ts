/**
 * @file Closed-form M/G/1 mean response times: Pollaczek–Khinchine for FCFS, and the SOAP formula of
 * papers-C §1.3 for SPRPT with limited preemption (c → 0: SJF; c = 1: SPRPT), with perfect or noisy predictions.
 */
import type { PolicySpec, Predictions } from './types';
import type { SizeLaw } from './workload';

/**
 * Closed-form M/G/1 mean response time (papers-C §1.3) for fcfs (Pollaczek–Khinchine), sjf, sprpt and trail
 * at c, with perfect or noisy (lognormal σ) predictions, by numerical integration over the size law;
 * throws LensError('bad-input', 'load ≥ 1: the queue is unstable …') when rho ≥ 1.
 */
export function mg1MeanResponse(
  spec: PolicySpec,
  o: { rho: number; sizes: SizeLaw; predictions: Predictions },
): number {
  void spec;
  void o;
  throw new Error('mg1MeanResponse: not yet.');
}
