/**
 * @file The fuzz suite's seeded randomness: one generator per case, derived from (format, seed, index), so
 * that every case is reproduced exactly by `npm run fuzz -- --format F --seed S --case I`. fast-check
 * arbitraries are drawn with a seed taken from the same generator.
 */
import fc from 'fast-check';

/** A small seeded pseudo-random generator (mulberry32) with the helpers the generators need. */
export class Rng {
  private state: number;

  /** A generator whose stream depends only on `key`. */
  constructor(key: string) {
    let h = 2166136261;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    this.state = h >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** One of weighted choices: `[[weight, value], …]`. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((a, [w]) => a + w, 0);
    let r = this.next() * total;
    for (const [w, value] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (last === undefined) throw new Error('weighted from an empty list');
    return last[1];
  }

  /** n random bytes. */
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** A size drawn log-uniformly from [lo, hi]. */
  logSize(lo: number, hi: number): number {
    return Math.round(Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo))));
  }

  /** One value of a fast-check arbitrary, drawn reproducibly from this generator. */
  draw<T>(arb: fc.Arbitrary<T>): T {
    const [value] = fc.sample(arb, { seed: this.int(2 ** 31), numRuns: 1 });
    return value as T;
  }
}
