/**
 * @file Accuracy against length for every model of a task: for every length, `samples` seeded
 * problems (both operands of that many digits, or that many symbols), written as a user types them
 * and scored by each model's {@link ProbeScorer} (one curve per model). The problems of length n come
 * from their own stream (seed `probeSeed(seed, n)`), so probing any set of lengths draws the same
 * problems as the zoo's model cards, whose curves are measured the same way. Carry-heavy problems
 * (longest carry chain uniform over 0 … n) come from a stream of their own. For arithmetic each curve
 * also counts problems and exact matches by longest carry chain, at each length and over all of them.
 */
import { LensError, throwIfCancelled } from '../../errors';
import { rngSeeded } from '../../random/rng';
import { mixSeed } from '../../random/draws';
import {
  chainTotals,
  hasCarries,
  isProbeMethod,
  MAX_PROBE_LENGTH,
  MAX_PROBE_SAMPLES,
  PROBE_METHODS,
  type ChainCount,
  type LengthProbeCurve,
  type LengthProbeResult,
  type ProbeTask,
} from '../../../shared/lengthProbe';
import { longestCarryChain } from './carryChain';
import { couple } from './couple';
import type { CoupledProblem } from './couplingTypes';
import type { ProbeOutcome, ProbeScorer } from './probeScorer';
import { problemCarryHeavy } from './problemCarryHeavy';
import { problemRandom } from './problemRandom';

/** Options of {@link lengthProbe}. */
export interface LengthProbeOptions {
  readonly task: ProbeTask;
  /** Longest length probed; lengths run 1 … maxLength unless `lengths` is given. */
  readonly maxLength: number;
  /** Only these lengths (each 1 … maxLength). @default 1 … maxLength */
  readonly lengths?: readonly number[];
  /** Problems per length. @default 50 */
  readonly samples?: number;
  /** Seed of the problems. @default 1 */
  readonly seed?: number;
  /** Carry-heavy problems: the longest carry chain drawn uniformly from 0 … length first. @default false */
  readonly carryHeavy?: boolean;
  /** Called after every batch with the problems scored so far and in all (over every model). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** A problem of the probe, as `problemRandom` writes it, with its longest carry chain (null for copy). */
export interface ProbeProblem {
  readonly text: string;
  readonly chain: number | null;
}

/** Most digits (problems × length) one length's problems hold, checked before they are drawn. */
export const MAX_PROBE_DIGITS = 5_000_000;

/** Seed of the problems of one length. */
export function probeSeed(seed: number, length: number): number {
  return (seed * 1000 + length) >>> 0;
}

/** The problems of one length: random (the model cards' draws) or carry-heavy. */
export function probeTexts(
  task: ProbeTask,
  length: number,
  samples: number,
  seed: number,
  carryHeavy = false,
): ProbeProblem[] {
  if (carryHeavy) {
    const rng = rngSeeded(mixSeed(probeSeed(seed, length), 0xca77));
    return Array.from({ length: samples }, () => {
      const { problem, chain } = problemCarryHeavy(task, length, rng);
      return { text: problem, chain };
    });
  }
  const rng = rngSeeded(probeSeed(seed, length));
  return Array.from({ length: samples }, () => {
    const text = problemRandom(task, length, rng);
    return { text, chain: longestCarryChain(text) };
  });
}

/** The random problems of one length, coupled at offset 0 (IDs checked later against each model). */
export function probeProblems(task: ProbeTask, length: number, samples: number, seed: number): CoupledProblem[] {
  return probeTexts(task, length, samples, seed).map((p) =>
    couple(p.text, task, { offset: 0, maxPosition: Number.MAX_SAFE_INTEGER }),
  );
}

interface Checked {
  readonly lengths: number[];
  readonly samples: number;
  readonly seed: number;
  readonly carryHeavy: boolean;
}

function checkOptions(scorers: readonly ProbeScorer[], o: LengthProbeOptions): Checked {
  const int = (name: string, v: number, min: number, max: number): number => {
    if (!Number.isInteger(v) || v < min || v > max)
      throw new LensError('bad-input', `${name} must be an integer from ${min} to ${max}; got ${v}.`);
    return v;
  };
  const maxLength = int('The longest length', o.maxLength, 1, MAX_PROBE_LENGTH);
  const lengths = (o.lengths ?? Array.from({ length: maxLength }, (_, i) => i + 1)).map((n) =>
    int('A probed length', n, 1, maxLength),
  );
  if (scorers.length === 0)
    throw new LensError('bad-input', `The length probe has no model of ${o.task}: the zoo holds none.`);
  for (const s of scorers) {
    if (s.task !== o.task) throw new LensError('bad-input', `${s.model} is a ${s.task} model, not a ${o.task} one.`);
    if (!isProbeMethod(s.method))
      throw new LensError('internal', `${s.model} names method ${s.method}, not one of ${PROBE_METHODS.join(', ')}.`);
  }
  const carryHeavy = o.carryHeavy ?? false;
  if (carryHeavy && !hasCarries(o.task))
    throw new LensError('bad-input', `${o.task} problems have no carries; drop the carry-heavy option.`);
  const samples = int('samples', o.samples ?? 50, 1, MAX_PROBE_SAMPLES);
  const longest = Math.max(...lengths);
  if (samples * longest > MAX_PROBE_DIGITS)
    throw new LensError(
      'bad-input',
      `${samples} problems of ${longest} digits would hold more than ${MAX_PROBE_DIGITS.toLocaleString('en')} ` +
        'digits at once; probe fewer problems per length or shorter lengths.',
    );
  return { lengths, samples, seed: int('seed', o.seed ?? 1, 0, 4_000_000), carryHeavy };
}

/** Problems and exact matches by longest chain, by chain ascending. */
function byChain(problems: readonly ProbeProblem[], outcomes: readonly ProbeOutcome[]): ChainCount[] {
  const counts = problems.map((p, i) => ({ chain: p.chain ?? 0, problems: 1, correct: outcomes[i]?.correct ? 1 : 0 }));
  return chainTotals([counts]);
}

/** One point of a curve: exact match, ppc's ID accuracy and the chain counts, or nulls where it did not fit. */
interface Point {
  readonly accuracy: number | null;
  readonly ids: number | null;
  readonly chains: ChainCount[] | null;
}

function pointOf(problems: readonly ProbeProblem[], outcomes: readonly ProbeOutcome[]): Point {
  if (outcomes.length !== problems.length)
    throw new LensError('internal', `A scorer returned ${outcomes.length} outcomes for ${problems.length} problems.`);
  const idTotal = outcomes.reduce((s, o) => s + (o.idTotal ?? 0), 0);
  const idHits = outcomes.reduce((s, o) => s + (o.idMatches ?? 0), 0);
  return {
    accuracy: outcomes.filter((o) => o.correct).length / problems.length,
    ids: idTotal === 0 ? null : idHits / idTotal,
    chains: byChain(problems, outcomes),
  };
}

function curveOf(s: ProbeScorer, points: readonly Point[], carries: boolean): LengthProbeCurve {
  const ids = s.method === 'ppc' ? { idAccuracy: points.map((p) => p.ids) } : {};
  const perLength = points.map((p) => p.chains);
  const chains = carries ? { byLengthChain: perLength, byChain: chainTotals(perLength) } : {};
  return {
    method: isProbeMethod(s.method) ? s.method : 'ppc',
    model: s.model,
    trainMaxLength: s.trainMaxLength,
    accuracy: points.map((p) => p.accuracy),
    ...ids,
    ...chains,
  };
}

/**
 * Exact match against length for every scorer (one curve each), on the same seeded problems.
 * Throws `bad-input` for bad options, no scorer, or a scorer of another task, `cancelled` on the signal.
 */
export async function lengthProbe(
  scorers: readonly ProbeScorer[],
  options: LengthProbeOptions,
): Promise<LengthProbeResult> {
  const { lengths, samples, seed, carryHeavy } = checkOptions(scorers, options);
  const total = lengths.length * scorers.length * samples;
  let done = 0;
  const step = (n: number): void => {
    done += n;
    options.onProgress?.(done, total);
  };
  const points = scorers.map((): Point[] => []);
  for (const n of lengths) {
    throwIfCancelled(options.signal);
    const problems = probeTexts(options.task, n, samples, seed, carryHeavy);
    const texts = problems.map((p) => p.text);
    for (const [i, scorer] of scorers.entries()) {
      if (!scorer.fits(n)) {
        points[i]?.push({ accuracy: null, ids: null, chains: null });
        step(samples);
        continue;
      }
      points[i]?.push(pointOf(problems, await scorer.score(texts, options.signal, step)));
    }
  }
  const carries = hasCarries(options.task);
  return {
    task: options.task,
    carryHeavy,
    lengths,
    curves: scorers.map((s, i) => curveOf(s, points[i] ?? [], carries)),
    trainMaxLength: Math.max(...scorers.map((s) => s.trainMaxLength)),
    samples,
    seed,
  };
}
