/**
 * @file The seeded sampler of synthetic copy tasks: strings drawn uniformly over an alphabet (the copy zoo's is
 * a–z), each symbol independent, as the copy models were trained on and as the bound of "Repeat After Me" counts
 * them (D^L strings of length L, all equally likely).
 */
import { Rng, mixSeed } from '../../random/draws';

/** `count` strings of `length` symbols drawn uniformly from `alphabet`, the same for the same seed. */
export function sampleStrings(alphabet: string, length: number, count: number, seed: number): string[] {
  const symbols = [...new Set(alphabet)];
  const rng = new Rng(mixSeed(seed, length, 0xc0b1));
  return Array.from({ length: count }, () =>
    Array.from({ length }, () => symbols[rng.below(symbols.length)] ?? '').join(''),
  );
}
