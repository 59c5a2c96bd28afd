/**
 * @file Seeded draws shared by the analyses (the parity lab, the copy and lookup probes, the MoE sweep's sample): a
 * xoroshiro128+ generator (pure-rand) with uniform floats, ±1 signs, integers below a bound and distinct picks, and a
 * seed mixer so each run's data and weights get independent streams from (seed, run, width, ...).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** A seeded stream of draws. */
export class Rng {
  private readonly gen: RandomGenerator;
  private bitsLeft = 0;
  private bitWord = 0;

  /**
   * A stream seeded by a 32-bit integer. The seed is mixed first and the first outputs dropped: xoroshiro128+'s
   * early outputs from nearby small seeds are alike.
   */
  constructor(seed: number) {
    this.gen = xoroshiro128plus(mixSeed(seed, 0x51ed));
    for (let i = 0; i < 8; i++) this.gen.next();
  }

  /** A float uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** +1 or −1 with probability ½ each (32 signs per generator call). */
  sign(): 1 | -1 {
    if (this.bitsLeft === 0) {
      this.bitWord = this.gen.next();
      this.bitsLeft = 32;
    }
    const bit = this.bitWord & 1;
    this.bitWord >>>= 1;
    this.bitsLeft--;
    return bit === 1 ? 1 : -1;
  }

  /** An integer uniform in [0, bound). */
  below(bound: number): number {
    return Math.floor(this.uniform() * bound);
  }

  /** `count` distinct integers of [0, bound), in draw order (partial Fisher–Yates, O(count) extra memory). */
  distinct(count: number, bound: number): number[] {
    const swapped = new Map<number, number>();
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const j = i + this.below(bound - i);
      const pick = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
      out.push(pick);
    }
    return out;
  }
}

/** A 32-bit seed mixed from several integers (murmur3's finalizer over a running hash). */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h | 0;
}
