/**
 * @file The Kronecker analysis of one layer's per-example gradients: L = Σ G Gᵀ, R = Σ Gᵀ G and their spectra,
 * ‖H‖_F (exact or estimated), the optimal Kronecker approximation of H by power iteration on ℛ(H) from (I, I) (H
 * never formed), and the cosines to H of the optimal approximation, of L⊗R (Shampoo²) and of L^{1/2}⊗R^{1/2}
 * (Shampoo; ‖L^{1/2}‖_F² = tr L).
 */
import { eigSymmetric, powerOf, type SymmetricEigen } from '../../numerics/eig';
import { throwIfCancelled } from '../../errors';
import { KRON_OPTIONS, type KronHNormMode, type KronLayer } from '../../../shared/kronecker';
import { hNormOf } from './hNormOf';
import type { Dense } from '../../numerics/types';
import { inner } from './matrices';
import { powerIteration } from './power';
import { rearrangedH } from './rearranged';
import { checkStack } from './stack';
import type { GradientStack } from './types';

/** Options of {@link analyzeStack}. */
export interface KronOptions {
  /** Power steps at most. @default 100 */
  readonly maxSteps?: number;
  /** Stop when the cosine moves less than this. @default 1e-10 */
  readonly tolerance?: number;
  /** @default 'auto' */
  readonly hNorm?: KronHNormMode;
  /** Pairs sampled when ‖H‖_F is estimated. @default 100,000 */
  readonly pairs?: number;
  /** Seed of the sampled pairs. @default 1 */
  readonly seed?: number;
  readonly signal?: AbortSignal;
  /** The symmetric eigendecomposition of L and of R (both started at once). @default in place, ml-matrix's */
  readonly eig?: (m: Dense<Float64Array>, signal?: AbortSignal) => Promise<SymmetricEigen>;
  /** Progress in [0, 1] with a message. */
  readonly progress?: (fraction: number, message: string) => void;
}

const spectrum = (e: SymmetricEigen): number[] =>
  Array.from(e.values.subarray(0, KRON_OPTIONS.maxSpectrum), (x) => Math.max(0, x));

const positiveSum = (values: Float64Array): number => values.reduce((s, x) => s + Math.max(0, x), 0);

/** The analysis of one gradient stack (checked first: shapes, not empty, finite, not all zero). */
export async function analyzeStack(stack: GradientStack, options: KronOptions = {}): Promise<KronLayer> {
  checkStack(stack);
  const started = performance.now();
  const o = options;
  const say = (f: number, what: string): void => o.progress?.(f, `${stack.name}: ${what}`);
  const op = rearrangedH(stack);
  say(0, 'L and R');
  const l = await op.applyR(null);
  const r = await op.applyRT(null);
  throwIfCancelled(o.signal);
  say(0.02, 'eigenvalues of L and R');
  const eig = o.eig ?? ((m: Dense<Float64Array>) => Promise.resolve(eigSymmetric(m)));
  const [eigL, eigR] = await Promise.all([eig(l, o.signal), eig(r, o.signal)]);
  throwIfCancelled(o.signal);
  let trace = 0;
  for (let i = 0; i < stack.m; i++) trace += l.data[i * stack.m + i] as number;
  say(0.1, '‖H‖');
  const hNorm = await hNormOf(stack, {
    mode: o.hNorm ?? 'auto',
    pairs: o.pairs ?? KRON_OPTIONS.pairs.default,
    seed: o.seed ?? KRON_OPTIONS.seed.default,
    ...(o.signal === undefined ? {} : { signal: o.signal }),
    progress: (f) => say(0.1 + 0.2 * f, '‖H‖'),
  });
  const maxSteps = o.maxSteps ?? KRON_OPTIONS.maxSteps.default;
  const run = await powerIteration(op, { l, r }, hNorm.value, {
    maxSteps,
    tolerance: o.tolerance ?? KRON_OPTIONS.tolerance.default,
    ...(o.signal === undefined ? {} : { signal: o.signal }),
    onStep: (t, c) => say(0.3 + (0.6 * t) / maxSteps, `power step ${t}, cosine ${c.toFixed(6)}`),
  });
  say(0.9, 'Shampoo');
  const lRoot = await powerOf(eigL, 0.5, { floor: 0 });
  const rRoot = await powerOf(eigR, 0.5, { floor: 0 });
  const rootNorms = Math.sqrt(positiveSum(eigL.values) * positiveSum(eigR.values));
  // ‖L^{1/2}‖_F² = tr L: the norms come from the eigenvalues, not from the roots' rounded entries.
  const cosShampoo = inner(lRoot, await op.applyR(rRoot)) / (rootNorms * hNorm.value);
  const steps = run.steps;
  return {
    name: stack.name,
    m: stack.m,
    n: stack.n,
    count: stack.count,
    cosOptimal: steps[steps.length - 1] as number,
    cosShampooSquared: steps[0] as number,
    cosShampoo,
    powerSteps: steps,
    converged: run.converged,
    hNorm,
    spectra: { l: spectrum(eigL), r: spectrum(eigR) },
    trace,
    seconds: (performance.now() - started) / 1000,
  };
}
