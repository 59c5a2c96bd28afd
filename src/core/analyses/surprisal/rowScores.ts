/**
 * @file The one way analyses score tokens: per position the surprisal of the actual next token and the best
 * candidates. A local model computes them from its logits here; a model that gives no logits (a remote server)
 * brings its own {@link RowScorer}. Surprisal, its top-k hover and task losses score through this, so they run on
 * both kinds of model.
 */
import type { CausalLM, RowScores, ScoreRow, ScoredCandidate } from '../../model/types';
import { candidateText } from './candidateText';
import { tokenScore } from './tokenScores';

/** Scores `rows` with `lm`: `k` candidates per position (0: none), from each row's `from` on. */
export async function rowScores(
  lm: CausalLM,
  rows: readonly ScoreRow[],
  k: number,
  signal?: AbortSignal,
): Promise<RowScores[]> {
  if (lm.scorer !== undefined) return lm.scorer.scoreRows(rows, k, signal);
  const batch = await lm.logits(rows.map((r) => r.ids));
  return rows.map((row, b) => {
    const bits = new Float64Array(row.ids.length).fill(NaN);
    const top: (ScoredCandidate[] | undefined)[] = new Array<ScoredCandidate[] | undefined>(row.ids.length);
    for (let t = Math.max(1, row.from); t < row.ids.length; t++) {
      const offset = (b * batch.length + t - 1) * batch.vocab;
      const score = tokenScore(batch.data, offset, batch.vocab, row.ids[t] ?? 0, k);
      bits[t] = score.bits;
      if (k > 0) top[t] = score.top.map((c) => ({ text: candidateText(lm.tokenizer, c.id), p: c.p, id: c.id }));
    }
    return { bits, top };
  });
}

/**
 * True when the actual token at `t` is the model's most probable one: its id is the first candidate's, or (a
 * server that names candidates by text only) its probability is at least the first candidate's.
 */
export function isTopChoice(scores: RowScores, t: number, actual: number): boolean {
  const first = scores.top[t]?.[0];
  if (first === undefined) return false;
  if (first.id !== undefined) return first.id === actual;
  return 2 ** -(scores.bits[t] ?? Infinity) >= first.p * (1 - 1e-6);
}
