/**
 * @file Splits a long token sequence into overlapping windows so each token is scored once,
 * with as much context as the model's window allows (the stride is half the window).
 */

/** One window: tokens `[begin, end)` are fed; predictions for tokens `[scoreFrom, end)` are kept. */
export interface ScoreWindow {
  readonly begin: number;
  readonly end: number;
  readonly scoreFrom: number;
}

/**
 * Plans windows over `n` tokens (index 0 is the first token fed, usually BOS, and is never a
 * target). Every token 1..n-1 is scored in exactly one window; after the first window each
 * target sees at least `window - stride` tokens of context.
 * @param n number of tokens, BOS included
 * @param window tokens per window (at least 2)
 */
export function planWindows(n: number, window: number): ScoreWindow[] {
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`window must be an integer >= 2, got ${window}`);
  const stride = Math.max(1, Math.floor(window / 2));
  const windows: ScoreWindow[] = [];
  let scored = 1;
  for (let begin = 0; scored < n; begin += stride) {
    const end = Math.min(begin + window, n);
    windows.push({ begin, end, scoreFrom: scored });
    scored = end;
  }
  return windows;
}

/**
 * The window of {@link planWindows}`(n, window)` that scores target `t` (1 ≤ t < n), found without listing the
 * windows: one token's predictions are recomputed with exactly the context the whole run gave it.
 */
export function windowOf(n: number, window: number, t: number): ScoreWindow {
  if (!Number.isInteger(t) || t < 1 || t >= n) throw new RangeError(`target ${t} outside 1..${n - 1}`);
  const stride = Math.max(1, Math.floor(window / 2));
  if (t < window) return { begin: 0, end: Math.min(window, n), scoreFrom: 1 };
  const k = Math.floor((t - window) / stride) + 1;
  const begin = k * stride;
  return { begin, end: Math.min(begin + window, n), scoreFrom: (k - 1) * stride + window };
}
