/**
 * @file The bound of "Repeat After Me" (Jelassi et al., Theorem 2.7) on a fixed-state model's copying: with a
 * state of |S| values, a model that copies strings of length L over an alphabet of D symbols errs on at least
 * 1 − |S|/D^L of them, so its string accuracy is at most min(1, 2^(stateBits − L·log2 D)) with log2|S| =
 * stateBits (32 bits per float of the recurrent state).
 */

/** The bound on string accuracy at length `length`: min(1, 2^(stateBits − L·log2 D)). */
export function copyBound(stateBits: number, length: number, alphabetSize: number): number {
  return Math.min(1, 2 ** (stateBits - length * Math.log2(alphabetSize)));
}

/** The length below which the bound is 1 (says nothing): stateBits / log2 D. */
export function vacuousBelow(stateBits: number, alphabetSize: number): number {
  return stateBits / Math.log2(alphabetSize);
}

/** log2|S| of a copy model's card: its stateBits, else 32 × stateFloats; undefined when it names neither. */
export function stateBitsOf(spec: {
  readonly stateBits?: number | undefined;
  readonly stateFloats?: number | undefined;
}): number | undefined {
  return spec.stateBits ?? (spec.stateFloats === undefined ? undefined : 32 * spec.stateFloats);
}
