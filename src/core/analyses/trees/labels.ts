/**
 * @file Maps token ids used as labels to dense class indices 0..K-1 and back.
 */
import { LensError } from '../../errors';

/** Throws `bad-input` unless there is one label per feature row and at least one row. */
export function labelsCheck(rows: number, labels: ArrayLike<number>, learner: string): void {
  if (labels.length !== rows || rows === 0) {
    const got = `got ${labels.length} labels for ${rows} rows`;
    throw new LensError('bad-input', `${learner} needs one label per feature row and at least one row; ${got}.`);
  }
}

/** Dense class indices for labels: `classes[y[i]] === labels[i]`; classes ascend. */
export function labelsIndex(labels: ArrayLike<number>): { classes: Int32Array; y: Int32Array } {
  const distinct = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const index = new Map<number, number>();
  distinct.forEach((v, k) => index.set(v, k));
  const y = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) y[i] = index.get(labels[i] ?? 0) ?? 0;
  return { classes: Int32Array.from(distinct), y };
}

/**
 * Class counts of samples idx[start..end) as a sparse list [class, count, ...] of the `top`
 * largest, by count then by class; `scratch` (length K) must be zero and is left zero.
 */
export function labelsTop(
  y: Int32Array,
  idx: Int32Array,
  start: number,
  end: number,
  scratch: Int32Array,
  top: number,
): number[] {
  const seen: number[] = [];
  for (let p = start; p < end; p++) {
    const k = y[idx[p] ?? 0] ?? 0;
    if (scratch[k] === 0) seen.push(k);
    scratch[k] = (scratch[k] ?? 0) + 1;
  }
  const pairs = seen.map((k) => [k, scratch[k] ?? 0] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const k of seen) scratch[k] = 0;
  return pairs.slice(0, top).flatMap((p) => [p[0], p[1]]);
}
