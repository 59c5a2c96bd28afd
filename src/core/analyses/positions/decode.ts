/**
 * @file Greedy decoding with a positions model, the way each method feeds positions:
 * - 'ppc' (Predictive Position Coupling): the prompt gets the rule's IDs; every generated token is
 *   fed back with the ID the model itself predicted one step earlier (argmax of position_logits;
 *   the first answer token's ID is predicted at the last prompt token);
 * - 'oracle': every token gets the rule's ID (position coupling as Cho et al. run it);
 * - 'absolute': token t gets ID t.
 * The answer length is fixed by the rule, so exactly that many tokens are generated.
 */
import type * as ort from 'onnxruntime-node';
import { LensError, throwIfCancelled } from '../../errors';
import type { CoupledProblem } from './couplingTypes';
import type { DecodeMode } from '../../../shared/positions';
import type { PositionModel } from './positionModel';
import { argmaxRow, attentionMaps, problemTokens, runPositions } from './positionRun';
import { passYield } from '../../model/pacing';

/**
 * Tokens one decoding pass holds at most (problems × length) in the length probe: a positions
 * model takes about 50 ms for 512 on 2 busy cores, so a cancel waits well under 200 ms.
 */
export const DECODE_TOKENS = 512;

/** Options of {@link positionsDecode}. */
export interface DecodeOptions {
  /** Also return the attention maps of the final sequence (prompt + the model's answer). @default false */
  readonly attentions?: boolean;
  /** Stops decoding between steps with a `cancelled` LensError. */
  readonly signal?: AbortSignal;
}

/** One decoded problem. */
export interface PositionsDecoding {
  /** Name of the model that decoded. */
  readonly model: string;
  readonly mode: DecodeMode;
  /** The prompt tokens, then the model's answer tokens. */
  readonly tokens: readonly string[];
  /** The coupling rule's ID of every token (of the expected sequence). */
  readonly ruleIds: readonly number[];
  /** The position ID fed with every token. */
  readonly fedIds: readonly number[];
  /** 'ppc' only: the ID the model predicted for each answer token. */
  readonly predictedIds?: readonly number[];
  /** Token indices of the answer. */
  readonly answerIndices: readonly number[];
  /** The model's answer, as written (arithmetic: least-significant digit first). */
  readonly answer: string;
  /** The rule's answer. */
  readonly expected: string;
  readonly correct: boolean;
  /** Answer tokens whose fed ID equals the rule's. */
  readonly idMatches: number;
  /** With `attentions: true`: per layer, [head][query][key] softmax probabilities of the final sequence. */
  readonly attentions?: readonly (readonly (readonly (readonly number[])[])[])[];
}

/**
 * The largest position ID `model` is fed for problem `p`: its last index (absolute positions) or its largest rule ID.
 */
export function topPositionId(model: PositionModel, p: CoupledProblem): number {
  return model.config.method === 'absolute' ? p.tokens.length - 1 : Math.max(...p.ruleIds);
}

/** Refuses mode and model combinations that have no meaning, and problems the model cannot read. */
function checkRequest(model: PositionModel, problems: readonly CoupledProblem[], mode: DecodeMode): void {
  const { method, task } = model.config;
  if (mode === 'ppc' && !model.predictsPositions) {
    throw new LensError(
      'missing-output',
      `${model.name} has no position_logits output, so it cannot predict its own position IDs ('ppc' decoding). ` +
        "Choose a ppc model, or decode with the rule's IDs ('oracle').",
    );
  }
  if ((mode === 'absolute') !== (method === 'absolute')) {
    const how =
      method === 'absolute'
        ? 'absolute positions; decode it in absolute mode'
        : 'coupled position IDs; decode it with ppc or oracle IDs, not absolute positions';
    throw new LensError('bad-input', `${model.name} was trained with ${how}.`);
  }
  for (const p of problems) {
    if (p.task !== task)
      throw new LensError('bad-input', `${model.name} is a ${task} model; this is a ${p.task} problem.`);
    const top = topPositionId(model, p);
    if (top >= model.config.maxPosition) {
      throw new LensError(
        'too-long',
        `This problem needs position ID ${top}, but ${model.name} has IDs 0 to ${model.config.maxPosition - 1}. ` +
          `Choose a shorter problem${mode === 'absolute' ? '' : ' or a smaller offset'}.`,
      );
    }
  }
}

/** The first answer index; problems of one batch must share it and their length. */
function batchShape(problems: readonly CoupledProblem[]): { start: number; length: number } {
  const first = problems[0];
  if (first === undefined) throw new LensError('bad-input', 'No problems to decode.');
  const start = first.answerIndices[0] ?? first.tokens.length;
  for (const p of problems) {
    if (p.tokens.length !== first.tokens.length || (p.answerIndices[0] ?? p.tokens.length) !== start) {
      throw new LensError('bad-input', 'Problems decoded together must have the same shape (length and answer start).');
    }
  }
  return { start, length: first.tokens.length };
}

/**
 * Decodes problems of one shape together (one graph run per answer token for the whole batch).
 * Results are those of {@link positionsDecode} on each problem, without attentions.
 */
export async function positionsDecodeBatch(
  model: PositionModel,
  problems: readonly CoupledProblem[],
  mode: DecodeMode,
  signal?: AbortSignal,
): Promise<PositionsDecoding[]> {
  checkRequest(model, problems, mode);
  const { start, length } = batchShape(problems);
  const B = problems.length;
  const ids = problems.map((p) => problemTokens(model, p.tokens.slice(0, start)));
  const fed = problems.map((p) =>
    mode === 'absolute' ? Array.from({ length: start }, (_, t) => t) : p.ruleIds.slice(0, start),
  );
  const predicted: number[][] = problems.map(() => []);
  for (let j = 0; start + j < length; j++) {
    await passYield(signal);
    const T = start + j;
    const out = await runPositions(model, ids, fed, mode === 'ppc' ? ['logits', 'position_logits'] : ['logits']);
    for (let b = 0; b < B; b++) {
      ids[b]?.push(argmaxRow(out['logits'] as ort.Tensor, b, T - 1));
      const rule = problems[b]?.ruleIds[T] ?? 0;
      const next =
        mode === 'ppc' ? argmaxRow(out['position_logits'] as ort.Tensor, b, T - 1) : mode === 'oracle' ? rule : T;
      if (mode === 'ppc') predicted[b]?.push(next);
      fed[b]?.push(next);
    }
  }
  return problems.map((p, b) =>
    result(model, p, mode, ids[b] ?? [], fed[b] ?? [], mode === 'ppc' ? predicted[b] : undefined),
  );
}

function result(
  model: PositionModel,
  p: CoupledProblem,
  mode: DecodeMode,
  ids: readonly number[],
  fed: readonly number[],
  predicted: readonly number[] | undefined,
): PositionsDecoding {
  const tokens = ids.map((i) => model.config.vocab[i] ?? '?');
  const answer = p.answerIndices.map((i) => tokens[i] ?? '').join('');
  const idMatches = p.answerIndices.filter((i) => fed[i] === p.ruleIds[i]).length;
  return {
    model: model.name,
    mode,
    tokens,
    ruleIds: p.ruleIds,
    fedIds: fed,
    ...(predicted === undefined ? {} : { predictedIds: predicted }),
    answerIndices: p.answerIndices,
    answer,
    expected: p.answer,
    correct: answer === p.answer,
    idMatches,
  };
}

/**
 * Decodes one coupled problem greedily with `model`, feeding positions as `mode` says, and
 * compares the answer and the fed IDs with the rule's. Throws `missing-output` for 'ppc' on a
 * model without a position head, `bad-input` for a mode the model was not trained for or another
 * task's problem, `too-long` when the IDs pass the model's range, `cancelled` on the signal.
 */
export async function positionsDecode(
  model: PositionModel,
  coupled: CoupledProblem,
  mode: DecodeMode,
  options: DecodeOptions = {},
): Promise<PositionsDecoding> {
  const [decoded] = await positionsDecodeBatch(model, [coupled], mode, options.signal);
  if (decoded === undefined) throw new LensError('internal', 'Decoding returned nothing.');
  if (options.attentions !== true) return decoded;
  throwIfCancelled(options.signal);
  const ids = problemTokens(model, decoded.tokens);
  return { ...decoded, attentions: await attentionMaps(model, ids, decoded.fedIds) };
}
