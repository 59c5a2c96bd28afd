/**
 * @file The merge functions on task tensors T_1..T_n (all the same length), following the
 * definitions of PEFT's `merge_utils`: task arithmetic Σ w_i T_i; magnitude pruning to the top
 * ⌊density·numel⌋ entries by |value|; DARE's random keep-with-probability-density and rescale;
 * TIES' sign election (sign of Σ T_i, or of Σ sign T_i; ties go to +) and disjoint mean of the
 * weighted entries that agree with it. Differences from PEFT: entries equal in magnitude at
 * the pruning threshold are kept lowest index first (torch.topk leaves the choice open), and
 * DARE masks come from a seeded generator, not torch's (same distribution, other draws).
 */
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';

/** How TIES elects the sign of an entry. */
export type MajoritySignMethod = 'total' | 'frequency';

function checkSame(tensors: readonly Float32Array[], weights: readonly number[]): number {
  if (tensors.length === 0) throw new LensError('bad-input', 'Nothing to merge: give at least one adapter.');
  if (weights.length !== tensors.length)
    throw new LensError(
      'bad-input',
      `Got ${weights.length} weights for ${tensors.length} adapters; give one weight per adapter.`,
    );
  const n = tensors[0]?.length ?? 0;
  if (tensors.some((t) => t.length !== n))
    throw new LensError('bad-input', 'The tensors to merge differ in size; the adapters do not fit the same model.');
  return n;
}

/** Checks a density for pruning: a share of entries kept in (0, 1] (0 keeps nothing, and DARE divides by it). */
export function densityCheck(density: number): void {
  if (!Number.isFinite(density) || density <= 0 || density > 1) {
    throw new LensError(
      'bad-input',
      `Density ${quote(density)} is not usable: give the share of entries to keep, above 0 and at most 1.`,
    );
  }
}

/** Σ w_i T_i. */
export function tensorsTaskArithmetic(tensors: readonly Float32Array[], weights: readonly number[]): Float32Array {
  const n = checkSame(tensors, weights);
  const acc = new Float64Array(n);
  tensors.forEach((t, i) => {
    const w = weights[i] ?? 0;
    for (let j = 0; j < n; j++) acc[j] = (acc[j] ?? 0) + w * (t[j] ?? 0);
  });
  return Float32Array.from(acc);
}

/** k-th largest value (1-based) of `values` by quickselect; reorders `values`. */
function kthLargest(values: Float32Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] ?? 0) > pivot) i++;
      while ((values[j] ?? 0) < pivot) j--;
      if (i <= j) {
        const t = values[i] ?? 0;
        values[i] = values[j] ?? 0;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target] ?? 0;
}

/** T with all but its ⌊density·numel⌋ largest-magnitude entries set to 0; density 1 keeps all. */
export function tensorMagnitudePrune(t: Float32Array, density: number): Float32Array {
  densityCheck(density);
  if (density >= 1) return t.slice();
  const k = Math.floor(density * t.length);
  const out = new Float32Array(t.length);
  if (k === 0) return out;
  const abs = t.map(Math.abs);
  const threshold = kthLargest(abs, k);
  let above = 0;
  for (let i = 0; i < t.length; i++) if (Math.abs(t[i] ?? 0) > threshold) above++;
  let equalLeft = k - above;
  for (let i = 0; i < t.length; i++) {
    const v = t[i] ?? 0;
    const m = Math.abs(v);
    if (m > threshold) out[i] = v;
    else if (m === threshold && equalLeft > 0) {
      out[i] = v;
      equalLeft--;
    }
  }
  return out;
}

/** DARE: each entry kept with probability `density` (draws from `random`), then divided by density. */
export function tensorRandomPrune(t: Float32Array, density: number, random: () => number): Float32Array {
  densityCheck(density);
  if (density >= 1) return t.slice();
  const out = new Float32Array(t.length);
  for (let i = 0; i < t.length; i++) if (random() < density) out[i] = (t[i] ?? 0) / density;
  return out;
}

/**
 * The elected sign (+1 or −1) of every entry: sign of Σ T_i ('total') or of Σ sign T_i
 * ('frequency'); 0 sums elect +1.
 */
export function tensorsMajoritySign(tensors: readonly Float32Array[], method: MajoritySignMethod): Int8Array {
  const n = tensors[0]?.length ?? 0;
  const acc = new Float64Array(n);
  for (const t of tensors)
    for (let j = 0; j < n; j++) acc[j] = (acc[j] ?? 0) + (method === 'total' ? (t[j] ?? 0) : Math.sign(t[j] ?? 0));
  return Int8Array.from(acc, (s) => (s >= 0 ? 1 : -1));
}

/** Σ_i w_i T_i·[sign T_i = elected] / max(1, #agreeing), entry by entry (zeros never agree). */
export function tensorsDisjointMerge(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  elected: Int8Array,
): Float32Array {
  const n = checkSame(tensors, weights);
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const e = elected[j] ?? 1;
    let sum = 0;
    let count = 0;
    tensors.forEach((t, i) => {
      const v = t[j] ?? 0;
      if (Math.sign(v) === e) {
        sum += (weights[i] ?? 0) * v;
        count++;
      }
    });
    out[j] = sum / Math.max(1, count);
  }
  return out;
}

/** Options of the pruning merges. */
export interface PruneMergeOptions {
  /** Share of entries kept, 0–1. */
  readonly density: number;
  /** TIES sign election. @default 'total' */
  readonly majoritySignMethod?: MajoritySignMethod;
  /** Draws in [0, 1) for DARE (required by the DARE merges). */
  readonly random?: () => number;
}

function needRandom(options: PruneMergeOptions): () => number {
  if (options.random === undefined) throw new LensError('bad-input', 'DARE needs a random source; give a seed.');
  return options.random;
}

/** PEFT's magnitude_prune: prune each T_i by magnitude, then Σ w_i T_i. */
export function tensorsMagnitudePrune(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  options: PruneMergeOptions,
): Float32Array {
  return tensorsTaskArithmetic(
    tensors.map((t) => tensorMagnitudePrune(t, options.density)),
    weights,
  );
}

/** PEFT's ties: magnitude prune, elect signs on the unweighted pruned tensors, disjoint merge of the weighted ones. */
export function tensorsTies(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  options: PruneMergeOptions,
): Float32Array {
  const pruned = tensors.map((t) => tensorMagnitudePrune(t, options.density));
  return tensorsDisjointMerge(pruned, weights, tensorsMajoritySign(pruned, options.majoritySignMethod ?? 'total'));
}

/** PEFT's dare_linear: random prune with rescale, then Σ w_i T_i. */
export function tensorsDareLinear(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  options: PruneMergeOptions,
): Float32Array {
  const random = needRandom(options);
  return tensorsTaskArithmetic(
    tensors.map((t) => tensorRandomPrune(t, options.density, random)),
    weights,
  );
}

/** PEFT's dare_ties: random prune with rescale, elect signs, disjoint merge. */
export function tensorsDareTies(
  tensors: readonly Float32Array[],
  weights: readonly number[],
  options: PruneMergeOptions,
): Float32Array {
  const random = needRandom(options);
  const pruned = tensors.map((t) => tensorRandomPrune(t, options.density, random));
  return tensorsDisjointMerge(pruned, weights, tensorsMajoritySign(pruned, options.majoritySignMethod ?? 'total'));
}
