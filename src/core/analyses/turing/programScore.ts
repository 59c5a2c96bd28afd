/**
 * @file Exact match of a Turing-program model in one pass per batch: greedy decoding reproduces every line and the
 * answer exactly when, on the true sequence fed whole (teacher forcing), the argmax at every position after the
 * prompt is the true next token through `<eos>`. The first position where it is not gives the first wrong step, the
 * line greedy decoding would first get wrong.
 */
import { BatchSizer, passYield } from '../../model/pacing';
import { programLines, type ProgramProblem } from './program';
import { argmaxAt, programLogits } from './programForward';
import type { ProgramModel } from './programModel';
import { MAX_MODEL_TOKENS, SEP_ID, sequenceIds } from './programTokens';
import { LensError } from '../../errors';

/** How one problem went. */
export interface ProgramOutcome {
  /** Every line and the answer right (the whole sequence, `<eos>` included). */
  readonly correct: boolean;
  /** The first wrong line (0-based; line 0 is the problem), absent when every line is right. */
  readonly firstWrongStep?: number;
}

/** Most problems in one batch. */
export const MAX_SCORE_BATCH = 256;
/** Most attention values [rows, heads, T, T] of one layer in one batch (256 MB of float32). */
export const MAX_BATCH_ATTENTION = 2 ** 26;

/** Options of `programScore`. */
export interface ScoreOptions {
  readonly signal?: AbortSignal;
  /** Called after each batch with the number of problems it held. */
  readonly onProgress?: (n: number) => void;
}

/** The outcome of one row of a pass: the first position whose argmax is not the true next token. */
function rowOutcome(logits: Parameters<typeof argmaxAt>[0], row: number, ids: readonly number[]): ProgramOutcome {
  let line = 0;
  let promptDone = false;
  for (let t = 0; t + 1 < ids.length; t++) {
    if (ids[t] === SEP_ID) {
      line++;
      promptDone = true;
    }
    if (promptDone && argmaxAt(logits, row, t) !== ids[t + 1]) return { correct: false, firstWrongStep: line };
  }
  return { correct: true };
}

/** Scores `problems` (of one task) with `model`, in batches sized to keep a cancel under 200 ms. */
export async function programScore(
  model: ProgramModel,
  problems: readonly ProgramProblem[],
  o: ScoreOptions = {},
): Promise<ProgramOutcome[]> {
  const sequences = problems.map((p) => sequenceIds(programLines(p), model.config.scratchpad));
  const longest = sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (longest > MAX_MODEL_TOKENS)
    throw new LensError(
      'too-long',
      `A problem's sequence is ${longest} tokens; Turing-program models run on at most ${MAX_MODEL_TOKENS}. ` +
        `Score shorter problems.`,
    );
  const perRow = model.config.heads * longest * longest;
  const sizer = new BatchSizer(Math.max(1, Math.min(MAX_SCORE_BATCH, Math.floor(MAX_BATCH_ATTENTION / perRow))));
  const out: ProgramOutcome[] = [];
  while (out.length < sequences.length) {
    await passYield(o.signal);
    const batch = sequences.slice(out.length, out.length + sizer.next);
    const started = performance.now();
    const logits = await programLogits(model, batch);
    sizer.record(batch.length, performance.now() - started);
    batch.forEach((ids, row) => out.push(rowOutcome(logits, row, ids)));
    o.onProgress?.(batch.length);
  }
  return out;
}
