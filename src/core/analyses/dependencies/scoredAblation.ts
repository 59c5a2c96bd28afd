/**
 * @file Ablation for a model read only through per-token log-probabilities (a completions server): each earlier
 * token of a window is replaced in turn by the neutral token, the copies are scored as rows, and the effect on token
 * t is how far the surprisal of the actual token t moves, |ln p_base(x_t) − ln p_ablated(x_t)| in nats. The local
 * method's KL divergence needs the whole next-token distribution, which such a server does not return. The measures
 * differ: a removal that moves probability only among other tokens changes the KL, not this effect.
 */
import { LensError, throwIfCancelled } from '../../errors';
import type { RowScorer, ScoreRow } from '../../model/types';
import type { WindowEffects } from './ablationEffects';

/** A model that scores rows of tokens and gives nothing else (no session, no attentions). */
export interface ScoredDependencyModel {
  readonly name: string;
  /** Tokens per window. */
  readonly context: number;
  /** Token fed first, and the neutral token substituted. */
  readonly bosId: number;
  readonly scorer: RowScorer;
  /** Ends the model's use (closes nothing on a server). */
  readonly dispose: () => Promise<void>;
}

/** Whether `model` is read through a scorer rather than an onnxruntime session. */
export function isScored(model: object): model is ScoredDependencyModel {
  return 'scorer' in model;
}

/** The method of {@link scoredAblationEffects}, in words. */
export function scoredMethodText(bosId: number): string {
  return (
    `each earlier token replaced in turn by the neutral token ${bosId} (BOS); effect = |change in the surprisal of ` +
    'the actual next token|, nats (the server returns per-token log-probabilities, not whole distributions); ' +
    'each ablated copy was scored by the server'
  );
}

/** Options of {@link scoredAblationEffects}. */
export interface ScoredEffectOptions {
  /** Ablate positions [jFrom, jTo). @default 1 with a BOS at 0, else 0; W */
  readonly jFrom?: number;
  readonly jTo?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Replaces each token of `ids` (one window) in turn, scores the copies, and measures every later prediction. */
export async function scoredAblationEffects(
  model: ScoredDependencyModel,
  ids: ArrayLike<number>,
  options: ScoredEffectOptions = {},
): Promise<WindowEffects> {
  const W = ids.length;
  if (W < 2 || W > model.context)
    throw new LensError('bad-input', `A window holds 2 to ${model.context} tokens, not ${W}.`);
  const jFrom = options.jFrom ?? (ids[0] === model.bosId ? 1 : 0);
  const jTo = Math.min(options.jTo ?? W, W);
  const base = Array.from(ids);
  const [baseline] = await model.scorer.scoreRows([{ ids: base, from: 1 }], 0, options.signal);
  if (baseline === undefined) throw new LensError('network', 'The server returned no scores for the window.');
  const effects = new Float32Array(W * W);
  let runs = 1;
  const step = Math.max(1, model.scorer.rowsPerCall);
  for (let j0 = jFrom; j0 < jTo; j0 += step) {
    throwIfCancelled(options.signal);
    const js = Array.from({ length: Math.min(step, jTo - j0) }, (_, i) => j0 + i);
    const rows: ScoreRow[] = js.map((j) => ({ ids: base.map((id, i) => (i === j ? model.bosId : id)), from: j + 1 }));
    const scores = await model.scorer.scoreRows(rows, 0, options.signal);
    js.forEach((j, b) => {
      const bits = scores[b]?.bits;
      for (let t = j + 1; t < W; t++) {
        const change = Math.abs((bits?.[t] ?? NaN) - (baseline.bits[t] ?? NaN)) * Math.LN2;
        if (!Number.isFinite(change))
          throw new LensError('network', `The server returned no log-probability for token ${t} of an ablated copy.`);
        effects[j * W + t] = change;
      }
    });
    runs += js.length;
    options.onProgress?.(Math.min(jTo, j0 + step) - jFrom, jTo - jFrom);
  }
  return { W, effects, jFrom, jTo, mode: 'replace', runs };
}
