/**
 * @file Accuracy against length: for every length, `samples` seeded random problems (both
 * operands of that many digits, or that many symbols), coupled at offset 0, decoded by each
 * method's model: the ppc model with its own predicted IDs, the coupled model with the rule's IDs
 * (position coupling), the absolute model with positions 0..T-1. The problems of length n come
 * from their own stream (seed `probeSeed(seed, n)`), so probing any set of lengths draws the same
 * problems as the zoo's model cards, whose curves are measured the same way.
 */
import { LensError, throwIfCancelled } from '../../errors';
import { rngSeeded } from '../../random/rng';
import { couple } from './couple';
import { DECODE_TOKENS, positionsDecodeBatch, topPositionId } from './decode';
import type { CoupledProblem } from './couplingTypes';
import type { PositionModel } from './positionModel';
import {
  MODE_OF_METHOD as MODE,
  type DecodeMode,
  type PositionMethod,
  type PositionTask,
} from '../../../shared/positions';
import { problemRandom } from './problemRandom';

/** Options of {@link lengthProbe}. */
export interface LengthProbeOptions {
  readonly task: PositionTask;
  /** Longest length probed; lengths run 1 … maxLength unless `lengths` is given. */
  readonly maxLength: number;
  /** Only these lengths (each 1 … maxLength). @default 1 … maxLength */
  readonly lengths?: readonly number[];
  /** Problems per length. @default 50 */
  readonly samples?: number;
  /** Seed of the problems. @default 1 */
  readonly seed?: number;
  /** Problems decoded together in one graph run, at most; fewer when they pass DECODE_TOKENS tokens. @default 50 */
  readonly batchSize?: number;
  /** Called after every batch with the problems decoded so far and in all. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** One method's curve. */
export interface LengthProbeMethod {
  readonly name: PositionMethod;
  /** The model that decoded. */
  readonly model: string;
  /** How positions were fed. */
  readonly mode: DecodeMode;
  /** Exact match at each length; null where the problem does not fit the model's positions. */
  readonly accuracy: readonly (number | null)[];
  /** ppc: share of answer tokens whose predicted ID equals the rule's, per length. */
  readonly idAccuracy?: readonly (number | null)[];
}

/** Accuracy against length for each method. */
export interface LengthProbeResult {
  readonly task: PositionTask;
  readonly lengths: readonly number[];
  readonly methods: readonly LengthProbeMethod[];
  /** Longest training length of the models. */
  readonly trainMaxLength: number;
  readonly samples: number;
  readonly seed: number;
  /** Start offset of the rule's IDs (always 0 here). */
  readonly offset: number;
}

/** Seed of the problems of one length. */
export function probeSeed(seed: number, length: number): number {
  return (seed * 1000 + length) >>> 0;
}

/** The problems of one length, coupled at offset 0 (IDs checked later against each model). */
export function probeProblems(task: PositionTask, length: number, samples: number, seed: number): CoupledProblem[] {
  const rng = rngSeeded(probeSeed(seed, length));
  return Array.from({ length: samples }, () =>
    couple(problemRandom(task, length, rng), task, { offset: 0, maxPosition: Number.MAX_SAFE_INTEGER }),
  );
}

const fits = (model: PositionModel, p: CoupledProblem): boolean => topPositionId(model, p) < model.config.maxPosition;

function checkOptions(
  models: readonly PositionModel[],
  o: LengthProbeOptions,
): { lengths: number[]; samples: number; seed: number; batch: number } {
  const int = (name: string, v: number, min: number, max: number): number => {
    if (!Number.isInteger(v) || v < min || v > max)
      throw new LensError('bad-input', `${name} must be an integer from ${min} to ${max}; got ${v}.`);
    return v;
  };
  const maxLength = int('The longest length', o.maxLength, 1, 1000);
  const lengths = (o.lengths ?? Array.from({ length: maxLength }, (_, i) => i + 1)).map((n) =>
    int('A probed length', n, 1, maxLength),
  );
  if (models.length === 0) throw new LensError('bad-input', 'The length probe needs at least one model.');
  for (const m of models)
    if (m.config.task !== o.task)
      throw new LensError('bad-input', `${m.name} is a ${m.config.task} model, not a ${o.task} one.`);
  return {
    lengths,
    samples: int('samples', o.samples ?? 50, 1, 100_000),
    seed: int('seed', o.seed ?? 1, 0, 4_000_000),
    batch: int('batchSize', o.batchSize ?? 50, 1, 10_000),
  };
}

/** Decodes every problem with one model; returns exact match and (ppc) ID accuracy. */
async function scoreModel(
  model: PositionModel,
  problems: readonly CoupledProblem[],
  batch: number,
  step: (n: number) => void,
  signal?: AbortSignal,
): Promise<{ accuracy: number; ids: number }> {
  let hits = 0;
  let idHits = 0;
  let idTotal = 0;
  const rows = Math.max(1, Math.min(batch, Math.floor(DECODE_TOKENS / (problems[0]?.tokens.length ?? 1))));
  for (let k = 0; k < problems.length; k += rows) {
    throwIfCancelled(signal);
    const part = problems.slice(k, k + rows);
    for (const d of await positionsDecodeBatch(model, part, MODE[model.config.method], signal)) {
      if (d.correct) hits++;
      idHits += d.idMatches;
      idTotal += d.answerIndices.length;
    }
    step(part.length);
  }
  return { accuracy: hits / problems.length, ids: idTotal === 0 ? 1 : idHits / idTotal };
}

/**
 * Exact match against length for each model (one per method), on the same seeded problems.
 * Throws `bad-input` for bad options or a model of another task, `cancelled` on the signal.
 */
export async function lengthProbe(
  models: readonly PositionModel[],
  options: LengthProbeOptions,
): Promise<LengthProbeResult> {
  const { lengths, samples, seed, batch } = checkOptions(models, options);
  const total = lengths.length * models.length * samples;
  let done = 0;
  const step = (n: number): void => {
    done += n;
    options.onProgress?.(done, total);
  };
  const curves = models.map(() => ({ accuracy: [] as (number | null)[], ids: [] as (number | null)[] }));
  for (const n of lengths) {
    const problems = probeProblems(options.task, n, samples, seed);
    for (const [i, model] of models.entries()) {
      const curve = curves[i];
      if (curve === undefined) continue;
      if (!problems.every((p) => fits(model, p))) {
        curve.accuracy.push(null);
        curve.ids.push(null);
        step(samples);
        continue;
      }
      const r = await scoreModel(model, problems, batch, step, options.signal);
      curve.accuracy.push(r.accuracy);
      curve.ids.push(r.ids);
    }
  }
  const methods = models.map((m, i): LengthProbeMethod => {
    const c = curves[i] ?? { accuracy: [], ids: [] };
    return {
      name: m.config.method,
      model: m.name,
      mode: MODE[m.config.method],
      accuracy: c.accuracy,
      ...(m.config.method === 'ppc' ? { idAccuracy: c.ids } : {}),
    };
  });
  return {
    task: options.task,
    lengths,
    methods,
    trainMaxLength: Math.max(...models.map((m) => m.config.trainMaxLength)),
    samples,
    seed,
    offset: 0,
  };
}
