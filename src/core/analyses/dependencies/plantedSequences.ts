/**
 * @file k-sparse planted correlation sequences (after Golowich et al. 2025, "The Role of Sparsity
 * for Length Generalization"), as ground truth for dependency measures: a model trained on them
 * should make each target's prediction depend on exactly the k planted positions.
 *
 * Format. A sequence is `length` tokens in [0, vocab). Background tokens are i.i.d. uniform. A
 * target sits at every position t = first, first + every, first + 2·every, … (first = the
 * largest offset, so every source exists) and is overwritten, in increasing t, by
 *   x[t] = f(x[t − o_1], …, x[t − o_k]),
 * with f = `sum` (sum mod vocab) or `xor` (bitwise XOR; vocab must be a power of two). The
 * offsets are fixed for the whole data set; a source may itself be an earlier target (its final
 * value is used). Deterministic for a given seed (mulberry32).
 */
import { rngSeeded } from '../../random/rng';

/** Options of {@link plantedSequences}. */
export interface PlantedOptions {
  /** Alphabet size V; tokens are 0..V−1. */
  readonly vocab: number;
  /** Tokens per sequence. */
  readonly length: number;
  /** k distinct positive offsets: the target at t depends on x[t − o] for each o. */
  readonly offsets: readonly number[];
  /** The planted function. @default 'sum' */
  readonly rule?: 'sum' | 'xor';
  /**
   * Distance between targets; a large value leaves only the first target. @default 1 (every position from the first)
   */
  readonly every?: number;
  /** Seed of the generator. @default 1 */
  readonly seed?: number;
}

/** One planted sequence. */
export interface PlantedSequence {
  readonly tokens: Int32Array;
  /** Target positions, increasing. */
  readonly targets: Int32Array;
  /** [targets × k]: the planted source positions of each target, in offset order. */
  readonly sources: Int32Array;
}

/** The planted function applied to k source tokens. */
export function plantedRule(rule: 'sum' | 'xor', vocab: number, values: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    acc = rule === 'sum' ? (acc + v) % vocab : acc ^ v;
  }
  return acc;
}

function validate(o: PlantedOptions): void {
  const { vocab, length, offsets } = o;
  if (!Number.isInteger(vocab) || vocab < 2) throw new RangeError(`vocab must be an integer >= 2, got ${vocab}`);
  if (o.rule === 'xor' && (vocab & (vocab - 1)) !== 0)
    throw new RangeError(`xor needs a power-of-two vocab, got ${vocab}`);
  if (
    offsets.length === 0 ||
    new Set(offsets).size !== offsets.length ||
    offsets.some((x) => !Number.isInteger(x) || x < 1)
  ) {
    throw new RangeError(`offsets must be distinct positive integers, got [${offsets.join(', ')}]`);
  }
  if (!Number.isInteger(length) || length <= Math.max(...offsets))
    throw new RangeError(`length must exceed the largest offset, got ${length}`);
  const every = o.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a positive integer, got ${every}`);
}

/** Generates `count` planted sequences; see the file comment for the format. */
export function plantedSequences(count: number, options: PlantedOptions): PlantedSequence[] {
  validate(options);
  const next = rngSeeded(options.seed ?? 1);
  return Array.from({ length: count }, () => plantedOne(next, options));
}

function plantedOne(next: () => number, o: PlantedOptions): PlantedSequence {
  const { vocab, length, offsets } = o;
  const k = offsets.length;
  const tokens = new Int32Array(length);
  for (let i = 0; i < length; i++) tokens[i] = Math.floor(next() * vocab);
  const first = Math.max(...offsets);
  const every = o.every ?? 1;
  const targets = new Int32Array(Math.floor((length - 1 - first) / every) + 1);
  const sources = new Int32Array(targets.length * k);
  const values = new Int32Array(k);
  for (let i = 0; i < targets.length; i++) {
    const t = first + i * every;
    targets[i] = t;
    for (let s = 0; s < k; s++) {
      const at = t - (offsets[s] ?? 0);
      sources[i * k + s] = at;
      values[s] = tokens[at] ?? 0;
    }
    tokens[t] = plantedRule(o.rule ?? 'sum', vocab, values);
  }
  return { tokens, targets, sources };
}
