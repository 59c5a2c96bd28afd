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

/** The median of `repeats` timed runs of `fn` (seconds), after one untimed run. */
export async function median(fn: () => Promise<unknown>, repeats: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
}
