/**
 * @file Carry-heavy problems for the length probe: for length n, the longest carry chain L is drawn
 * uniformly from 0 … n (from 1 for n×1 multiplication only when a chain is possible), then a problem
 * whose longest chain is exactly L: a run of L carrying columns at a random place, bounded by columns
 * that do not carry, the other columns carrying at random in runs shorter than or as long as L, and
 * each column's digits drawn uniformly among those that give its carry. As `problemRandom`, the first
 * digit of an operand is non-zero when n > 1. Random problems rarely hold a long chain (about 10^-L
 * for addition), so this sampler is what shows whether a model fails on chains or on length.
 */
import { LensError } from '../../errors';
import type { CouplingTask } from '../../../shared/positions';

/** A drawn problem and the longest carry chain it was drawn to have. */
export interface CarryHeavyProblem {
  /** Written as `problemRandom` writes it: `123+456=` or `123*4=`. */
  readonly problem: string;
  readonly chain: number;
}

const pick = <T>(items: readonly T[], rng: () => number): T | undefined => items[Math.floor(rng() * items.length)];

/** Which columns (units first) carry out: a run of exactly `chain` at a random place, other runs no longer. */
export function chainPattern(n: number, chain: number, rng: () => number): boolean[] {
  const carries = new Array<boolean>(n).fill(false);
  if (chain === 0) return carries;
  const start = Math.floor(rng() * (n - chain + 1));
  for (let i = start; i < start + chain; i++) carries[i] = true;
  let run = 0;
  for (let i = 0; i < n; i++) {
    if (i < start - 1 || i > start + chain) carries[i] = run < chain && rng() < 0.5;
    run = carries[i] === true ? run + 1 : 0;
  }
  return carries;
}

const DIGITS = Array.from({ length: 10 }, (_, d) => d);
const lowest = (i: number, n: number): number => (i === n - 1 && n > 1 ? 1 : 0);
const written = (units: readonly number[]): string => [...units].reverse().join('');

function additionOf(carries: readonly boolean[], rng: () => number): string {
  const n = carries.length;
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    const cin = i > 0 && carries[i - 1] === true ? 1 : 0;
    const lo = lowest(i, n);
    const pairs: [number, number][] = [];
    for (let x = lo; x <= 9; x++)
      for (let y = lo; y <= 9; y++) if (x + y + cin >= 10 === carries[i]) pairs.push([x, y]);
    const [x, y] = pick(pairs, rng) ?? [0, 0];
    a.push(x);
    b.push(y);
  }
  return `${written(a)}+${written(b)}=`;
}

/** An n×1 product with these carrying columns, or undefined when `d` cannot give them. */
function multiplicationOf(carries: readonly boolean[], d: number, rng: () => number): string | undefined {
  const n = carries.length;
  const a: number[] = [];
  let cin = 0;
  for (let i = 0; i < n; i++) {
    const lo = lowest(i, n);
    const fits = DIGITS.filter((x) => x >= lo && x * d + cin >= 10 === carries[i]);
    const x = pick(fits, rng);
    if (x === undefined) return undefined;
    a.push(x);
    cin = Math.floor((x * d + cin) / 10);
  }
  return `${written(a)}*${d}=`;
}

/** A problem of `length` whose longest carry chain is exactly `chain` (0 … length). */
export function problemWithChain(
  task: 'addition' | 'multiplication',
  length: number,
  chain: number,
  rng: () => number,
): string {
  if (!Number.isInteger(length) || length < 1 || !Number.isInteger(chain) || chain < 0 || chain > length)
    throw new LensError('bad-input', `A carry chain must be from 0 to the length ${length}; got ${chain}.`);
  if (task === 'addition') return additionOf(chainPattern(length, chain, rng), rng);
  // A 9 times a number whose last-but-one column carries always carries out of the top column too, and
  // the top digit can be too large for its carry-in: such draws are made again (a few in a hundred).
  for (let attempt = 0; attempt < 1000; attempt++) {
    const d = chain === 0 ? Math.floor(rng() * 10) : 2 + Math.floor(rng() * 8);
    const p = multiplicationOf(chainPattern(length, chain, rng), d, rng);
    if (p !== undefined) return p;
  }
  throw new LensError('internal', `No ${length}-digit product with a carry chain of ${chain} was found.`);
}

/**
 * A carry-heavy `task` problem of `length`: its longest carry chain drawn uniformly from 0 … length, then a problem
 * with exactly that chain. Throws `bad-input` for copy and reverse, which have no carries.
 */
export function problemCarryHeavy(task: CouplingTask, length: number, rng: () => number): CarryHeavyProblem {
  if (task !== 'addition' && task !== 'multiplication')
    throw new LensError('bad-input', `${task} problems have no carries; carry-heavy problems are for arithmetic.`);
  const chain = Math.floor(rng() * (length + 1));
  return { problem: problemWithChain(task, length, chain, rng), chain };
}
