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
