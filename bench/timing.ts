/**
 * @file Timing helpers shared by the benchmarks.
 */

/** The fastest of `repeats` runs of `fn` (seconds), after `warmup` untimed runs, and the value of the last run. */
export async function best<T>(
  fn: () => Promise<T> | T,
  repeats = 3,
  warmup = 0,
): Promise<{ seconds: number; value: T }> {
  for (let i = 0; i < warmup; i++) await fn();
  let seconds = Infinity;
  let value: T | undefined;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    value = await fn();
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  return { seconds, value: value as T };
}
