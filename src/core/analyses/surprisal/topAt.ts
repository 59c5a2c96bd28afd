/**
 * @file One token's most probable alternatives, recomputed on demand (for a hover) from the ids a surprisal run
 * scored: one forward pass over the very window that scored the token, so the numbers match the whole run's.
 */
import type { TokenCandidate } from '../../../shared/schema';
import { LensError } from '../../errors';
import type { CausalLM } from '../../model/types';
import { windowOf } from './planWindows';
import { rowScores } from './rowScores';

/**
 * The `k` most probable tokens at result token `index` (0-based, as in `SurprisalResult.tokens`) of a run that
 * scored `ids` (from `scoreText`, BOS first when the model has one) with `lm`.
 */
export async function topAt(lm: CausalLM, ids: Int32Array, index: number, k = 5): Promise<TokenCandidate[]> {
  const t = index + 1;
  if (!Number.isInteger(index) || index < 0 || t >= ids.length) {
    throw new LensError('bad-input', `Token ${index} is outside the analysed text (${ids.length - 1} tokens).`);
  }
  const win = windowOf(ids.length, lm.context, t);
  const row = { ids: Array.from(ids.subarray(win.begin, win.end)), from: t - win.begin };
  const [scores] = await rowScores(lm, [row], k);
  return (scores?.top[t - win.begin] ?? []).map((c) => ({ text: c.text, p: c.p }));
}
