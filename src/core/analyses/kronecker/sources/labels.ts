/**
 * @file The output side of a token's gradient: softmax of its logits, its label (the text's next token, or drawn
 * from the model's own distribution with a seeded generator), and u = p − e_y, the gradient of the cross-entropy
 * at the logits.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { LabelSource } from '../types';

/** Draws labels: one uniform per token, in token order, from a generator seeded once. */
export interface LabelPicker {
  /** The label of a token whose softmax is `p` and whose next token in the text is `next`. */
  pick(p: Float64Array, next: number): number;
}

/** A picker for `source`: `true` returns the text's token; `sampled` draws from p by inversion. */
export function labelPicker(source: LabelSource, seed: number): LabelPicker {
  if (source === 'true') return { pick: (_p, next) => next };
  const rng = xoroshiro128plus(seed | 0);
  return { pick: (p) => drawFrom(p, uniformFloat64(rng)) };
}

/** The smallest index whose cumulative probability exceeds `r` (the last nonzero one when rounding leaves none). */
export function drawFrom(p: Float64Array, r: number): number {
  let acc = 0;
  let last = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] ?? 0;
    if (pi <= 0) continue;
    acc += pi;
    last = i;
    if (r < acc) return i;
  }
  return last;
}

/** Softmax of `logits` in float64, written into `out` (same length). */
export function softmaxInto(logits: ArrayLike<number>, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < out.length; i++) max = Math.max(max, logits[i] ?? -Infinity);
  let sum = 0;
  for (let i = 0; i < out.length; i++) {
    const e = Math.exp((logits[i] ?? -Infinity) - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / sum;
  return out;
}

/** Writes u = p − e_y into `u` at `offset`. */
export function writeOutputGrad(p: Float64Array, y: number, u: Float64Array, offset: number): void {
  u.set(p, offset);
  u[offset + y] = (u[offset + y] ?? 0) - 1;
}
