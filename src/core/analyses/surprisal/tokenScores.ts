/**
 * @file Per-position scores from a row of logits: surprisal of the actual next token in bits,
 * and the most probable candidates.
 */
import { LensError } from '../../errors';

/** Surprisal in bits and top-k candidate ids with probabilities for one logits row. */
export interface TokenScore {
  readonly bits: number;
  readonly top: readonly { readonly id: number; readonly p: number }[];
}

/**
 * Scores one position: `-log2 softmax(logits)[target]`, computed stably, and the `k` most
 * probable ids. `logits` is read from `offset` to `offset + vocab`. Throws `bad-model` when the score is not
 * finite (NaN or infinite logits), so no result carries one.
 */
export function tokenScore(logits: Float32Array, offset: number, vocab: number, target: number, k = 5): TokenScore {
  if (target < 0 || target >= vocab) throw new RangeError(`target ${target} outside the vocabulary of ${vocab}`);
  let max = -Infinity;
  for (let v = 0; v < vocab; v++) max = Math.max(max, logits[offset + v] ?? -Infinity);
  let sum = 0;
  for (let v = 0; v < vocab; v++) sum += Math.exp((logits[offset + v] ?? 0) - max);
  const logZ = max + Math.log(sum);
  const bits = (logZ - (logits[offset + target] ?? 0)) / Math.LN2;
  if (!Number.isFinite(bits)) {
    throw new LensError(
      'bad-model',
      'The model computed a score that is not a finite number (NaN or infinity): its weights may be damaged. ' +
        'Re-export the model, or choose another.',
    );
  }
  return {
    bits,
    top: topK(logits, offset, vocab, k).map((id) => ({ id, p: Math.exp((logits[offset + id] ?? 0) - logZ) })),
  };
}

function topK(logits: Float32Array, offset: number, vocab: number, k: number): number[] {
  const best: number[] = [];
  if (k <= 0) return best;
  for (let v = 0; v < vocab; v++) {
    const x = logits[offset + v] ?? -Infinity;
    if (best.length < k || x > (logits[offset + (best[best.length - 1] ?? 0)] ?? -Infinity)) {
      let i = best.length;
      while (i > 0 && x > (logits[offset + (best[i - 1] ?? 0)] ?? -Infinity)) i--;
      best.splice(i, 0, v);
      if (best.length > k) best.pop();
    }
  }
  return best;
}
