/**
 * @file The luck curve's closed form. With s-sparse initialization each hidden neuron reads s distinct inputs
 * drawn uniformly from n. Call a neuron lucky when its support is aligned with the relevant set S (|S| = k):
 * - s ≥ k: its support covers S, probability q = C(n − k, s − k) / C(n, s);
 * - s < k: its support lies within S, probability q = C(k, s) / C(n, s).
 * Neurons are drawn independently, so the chance that a network of width r has at least one lucky neuron is
 * 1 − (1 − q)^r. This is what is plotted beside the measured success rate: it predicts where success becomes
 * likely as width grows (the paper's "luck" axis), not the exact rate, since training also needs data and steps.
 * Dense initialization has no such closed form (every neuron reads every input): null.
 */

/** log C(a, b) (natural log), by summing logs; −Infinity when b < 0 or b > a. */
export function logChoose(a: number, b: number): number {
  if (b < 0 || b > a) return -Infinity;
  const m = Math.min(b, a - b);
  let s = 0;
  for (let i = 1; i <= m; i++) s += Math.log(a - m + i) - Math.log(i);
  return s;
}

/** Chance q that one s-sparse neuron is lucky (see the file comment). */
export function luckyNeuron(n: number, k: number, s: number): number {
  if (s >= k) return Math.exp(logChoose(n - k, s - k) - logChoose(n, s));
  return Math.exp(logChoose(k, s) - logChoose(n, s));
}

/** 1 − (1 − q)^width: the chance that some neuron of a width-r s-sparse network is lucky. */
export function luckClosedForm(n: number, k: number, s: number, width: number): number {
  const q = luckyNeuron(n, k, s);
  if (q >= 1) return 1;
  return -Math.expm1(width * Math.log1p(-q));
}
