/** A Kronecker result for the panel's tests: two layers, one with the norm of H exact, one estimated (hand-picked). */
import type { KronLayer, KronResult } from '../../../src/shared/kronecker';

const base = {
  converged: true,
  trace: 10,
  seconds: 0.5,
  spectra: { l: [4, 2, 1], r: [8, 1, 0] },
} as const;

/** The output layer: Shampoo² 0.005 below the optimal, ‖H‖ exact. */
export const OUTPUT: KronLayer = {
  ...base,
  name: 'output',
  m: 257,
  n: 64,
  count: 2000,
  cosOptimal: 0.98,
  cosShampooSquared: 0.975,
  cosShampoo: 0.8,
  powerSteps: [0.975, 0.979, 0.98],
  hNorm: { value: 1234.5, exact: true },
};

/** An inner layer: Shampoo² 0.035 below the optimal, ‖H‖ estimated ± 3 (1.5 %). */
export const FC1: KronLayer = {
  ...base,
  name: 'fc1',
  m: 256,
  n: 512,
  count: 4096,
  cosOptimal: 0.9,
  cosShampooSquared: 0.865,
  cosShampoo: 0.7,
  powerSteps: [0.865, 0.89, 0.9],
  hNorm: { value: 200, exact: false, stderr: 3, pairs: 100_000 },
};

/** Both layers, from a model on a text. */
export const TWO_LAYERS: KronResult = {
  source: 'kron-mlp on notes.txt',
  model: 'kron-mlp',
  labels: 'sampled',
  layers: [OUTPUT, FC1],
};
