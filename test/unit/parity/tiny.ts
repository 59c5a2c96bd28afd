import type { ParityGridParams } from '../../../src/shared/parity';

/** A grid on n = 10, k = 2 (small enough to train in this thread in a few seconds). */
export const TINY: ParityGridParams = {
  n: 10,
  k: 2,
  widths: [1, 64],
  samples: [0],
  seeds: 3,
  inits: ['sparse'],
  sparsity: 2,
  steps: 3000,
  batch: 32,
  lr: 0.1,
  weightDecay: 0.01,
  testSize: 500,
  evalEvery: 50,
  seed: 1,
  rewind: true,
};
