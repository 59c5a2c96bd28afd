/**
 * @file A small seeded random number generator (mulberry32), so sampled generation, data
 * generators and test embeddings are reproducible from a seed.
 */

/** Returns a function yielding uniform numbers in [0, 1) from a 32-bit seed. */
export function rngSeeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic embedding table [vocab × dim] with entries uniform in [-1, 1), for tests and demos. */
export function embeddingRandom(vocab: number, dim: number, seed = 1): Float32Array {
  const next = rngSeeded(seed);
  const table = new Float32Array(vocab * dim);
  for (let i = 0; i < table.length; i++) table[i] = next() * 2 - 1;
  return table;
}
