/**
 * @file Power iteration towards the optimal Kronecker approximation of H: the top singular pair (A, B) of ℛ(H),
 * from (I, I). Step 1 is (L, R) = (ℛ·I, ℛᵀ·I), Shampoo²; each later step sets A ← ℛ·vec(B), then B ← ℛᵀ·vec(A)
 * (alternating, so A advances one ℛℛᵀ a step). The cosine of A⊗B to H is ⟨A, ℛ·vec(B)⟩ / (‖A‖ ‖B‖ ‖H‖), and the
 * product ℛ·vec(B) it needs is the next step's A, so each step costs one product each way.
 */
import { throwIfCancelled } from '../../errors';
import type { Dense } from '../../numerics/types';
import { frobenius, inner, normalized } from './matrices';
import type { RearrangedH } from './rearranged';

type Mat = Dense<Float64Array>;

/** Options of {@link powerIteration}. */
export interface PowerOptions {
  readonly maxSteps: number;
  /** Stop when the cosine moves less than this between two steps. */
  readonly tolerance: number;
  readonly signal?: AbortSignal;
  /** Called after each step with its number (1-based) and cosine. */
  readonly onStep?: (step: number, cosine: number) => void;
}

/** The cosine to H after each step ([0] = L⊗R) and whether it settled within the tolerance. */
export interface PowerRun {
  readonly steps: number[];
  readonly converged: boolean;
}

/** cos(A⊗B, H) from A, B, ℛ·vec(B) and ‖H‖_F. */
export function kronCosine(a: Mat, b: Mat, rb: Mat, hNorm: number): number {
  return inner(a, rb) / (frobenius(a) * frobenius(b) * hNorm);
}

/** Power iteration from (L, R) = step 1; `hNorm` is ‖H‖_F. */
export async function powerIteration(
  op: RearrangedH,
  start: { l: Mat; r: Mat },
  hNorm: number,
  o: PowerOptions,
): Promise<PowerRun> {
  const steps: number[] = [];
  let a = normalized(start.l);
  let b = normalized(start.r);
  for (let t = 1; t <= o.maxSteps; t++) {
    throwIfCancelled(o.signal);
    const rb = await op.applyR(b);
    const cosine = kronCosine(a, b, rb, hNorm);
    steps.push(cosine);
    o.onStep?.(t, cosine);
    const previous = steps[t - 2];
    if (previous !== undefined && Math.abs(cosine - previous) <= o.tolerance) return { steps, converged: true };
    if (t === o.maxSteps) break;
    a = normalized(rb);
    throwIfCancelled(o.signal);
    b = normalized(await op.applyRT(a));
  }
  return { steps, converged: false };
}
