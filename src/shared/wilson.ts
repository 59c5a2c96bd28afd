/**
 * @file The Wilson score interval of a binomial proportion (the MoE sweep's live re-measure, the length probe's
 * tooltips), which stays inside [0, 1] and is not empty at 0 or all items right (unlike the normal approximation).
 */
import type { Measured } from './moeSweep';

/** z of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** `correct` of `items` right, with the Wilson score interval at `z` (95 % by default). */
export function wilson(correct: number, items: number, z = Z95): Measured {
  if (!(items >= 1) || correct < 0 || correct > items) throw new RangeError(`wilson: ${correct} of ${items}`);
  const p = correct / items;
  const z2 = z * z;
  const scale = 1 + z2 / items;
  const centre = (p + z2 / (2 * items)) / scale;
  const half = (z / scale) * Math.sqrt((p * (1 - p)) / items + z2 / (4 * items * items));
  // Clamped so rounding never puts the bound past the proportion or outside [0, 1].
  return {
    items,
    correct,
    accuracy: p,
    low: Math.min(p, Math.max(0, centre - half)),
    high: Math.max(p, Math.min(1, centre + half)),
  };
}
