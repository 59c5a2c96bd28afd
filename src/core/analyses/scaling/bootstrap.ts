/**
 * @file Seeded bootstrap: refits on resamples of the points drawn with replacement, and percentile intervals of
 * any quantity of the refits (a parameter, a prediction).
 */
import { mulberry32Source } from '../../numerics/draws';
import { throwIfCancelled } from '../../errors';
import { nextTurn } from '../../model/pacing';

/** Time between turns of the event loop (a cancel or a ping is read then). */
const TURN_MS = 50;

/**
 * Refits of `n` points on `count` resamples (seeded); resamples whose refit fails are left out. Lets the event loop
 * turn every {@link TURN_MS} ms, so a cancel is honoured within about one refit.
 */
export async function bootstrapFits<T>(
  n: number,
  count: number,
  seed: number,
  refit: (indices: readonly number[]) => T | undefined,
  signal?: AbortSignal,
  progress?: (fraction: number) => void,
): Promise<T[]> {
  const next = mulberry32Source(seed);
  const fits: T[] = [];
  let turned = performance.now();
  for (let b = 0; b < count; b++) {
    if (b % Math.ceil(count / 10) === 0) progress?.(b / count);
    if (performance.now() - turned > TURN_MS) {
      await nextTurn();
      turned = performance.now();
    }
    throwIfCancelled(signal);
    const indices = Array.from({ length: n }, () => Math.min(n - 1, Math.floor(next() * n)));
    const fit = refit(indices);
    if (fit !== undefined) fits.push(fit);
  }
  return fits;
}

/** The central `level` percentile interval of `values` (linear interpolation); undefined with fewer than 2. */
export function intervalOf(values: readonly number[], level: number): [number, number] | undefined {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length < 2) return undefined;
  const at = (q: number): number => {
    const pos = q * (finite.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, finite.length - 1);
    return (finite[lo] ?? 0) + (pos - lo) * ((finite[hi] ?? 0) - (finite[lo] ?? 0));
  };
  return [at((1 - level) / 2), at((1 + level) / 2)];
}

/** Intervals of each named quantity of the refits. */
export function intervalsOf<T>(
  fits: readonly T[],
  fields: Readonly<Record<string, (fit: T) => number>>,
  level: number,
): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [name, get] of Object.entries(fields)) {
    const interval = intervalOf(fits.map(get), level);
    if (interval) out[name] = interval;
  }
  return out;
}

/** R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² on the loss scale. */
export function rSquared(observed: readonly number[], predicted: readonly number[]): number {
  const mean = observed.reduce((s, y) => s + y, 0) / observed.length;
  let res = 0;
  let tot = 0;
  observed.forEach((y, i) => {
    res += (y - (predicted[i] ?? Number.NaN)) ** 2;
    tot += (y - mean) ** 2;
  });
  return tot > 0 ? 1 - res / tot : res === 0 ? 1 : 0;
}
