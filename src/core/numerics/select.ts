/**
 * @file Selection on typed arrays, in linear time and without comparator calls:
 * - `kthLargest`: the k-th largest value of a Float32Array (Floyd–Rivest: a recursive sample
 *   narrows the range, then a Hoare partition around the k-th element), reordering it;
 * - `magnitudeThreshold`: the k-th largest |t_i| of a float32 tensor, without copying it: a
 *   histogram of the top 12 bits of |t_i| (non-negative floats order as their bit patterns do)
 *   finds the bin that holds the threshold, then `kthLargest` selects within that bin's values.
 * - `argmaxIn`: the index of the largest of `count` values from `start` (the first of equals, as PyTorch's argmax).
 * Values must not be NaN.
 */

/** Index (relative to `start`) of the largest of values[start … start+count-1], the first of equals. */
export function argmaxIn(values: ArrayLike<number>, start = 0, count = values.length - start): number {
  let best = 0;
  for (let i = 1; i < count; i++) if ((values[start + i] ?? -Infinity) > (values[start + best] ?? -Infinity)) best = i;
  return best;
}

function swap(a: Float32Array, i: number, j: number): void {
  const t = a[i] ?? 0;
  a[i] = a[j] ?? 0;
  a[j] = t;
}

/** Reorders a[left..right] (ascending) so that a[k] holds the value sorted order puts there. */
function selectStep(a: Float32Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      // Floyd–Rivest: select within a sample-sized window around k first, so the pivot is near k's value.
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      selectStep(a, k, newLeft, newRight);
    }
    const t = a[k] ?? 0;
    let i = left;
    let j = right;
    swap(a, left, k);
    if ((a[right] ?? 0) > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while ((a[i] ?? 0) < t) i++;
      while ((a[j] ?? 0) > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

/** The k-th largest value (1-based, 1 ≤ k ≤ length) of `values`, which it reorders. */
export function kthLargest(values: Float32Array, k: number): number {
  const target = values.length - k;
  selectStep(values, target, 0, values.length - 1);
  return values[target] ?? 0;
}

/** The k-th largest magnitude of a tensor: its value, its float32 bit pattern, and how many magnitudes exceed it. */
export interface MagnitudeThreshold {
  readonly value: number;
  readonly bits: number;
  readonly above: number;
}

const SHIFT = 19;
const BINS = 1 << (31 - SHIFT);

function countStep(hist: Int32Array, u: Int32Array, i: number): void {
  const b = ((u[i] ?? 0) & 0x7fffffff) >>> SHIFT;
  hist[b] = (hist[b] ?? 0) + 1;
}

/** Histogram of the top bits of |t_i| (unrolled eight entries a step: see elementwise.ts). */
function histogram(u: Int32Array): Int32Array {
  const n = u.length;
  const hist = new Int32Array(BINS);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    countStep(hist, u, i);
    countStep(hist, u, i + 1);
    countStep(hist, u, i + 2);
    countStep(hist, u, i + 3);
    countStep(hist, u, i + 4);
    countStep(hist, u, i + 5);
    countStep(hist, u, i + 6);
    countStep(hist, u, i + 7);
  }
  for (; i < n; i++) countStep(hist, u, i);
  return hist;
}

function collectStep(out: Float32Array, t: Float32Array, u: Int32Array, i: number, bin: number, m: number): number {
  if (((u[i] ?? 0) & 0x7fffffff) >>> SHIFT === bin) out[m++] = Math.abs(t[i] ?? 0);
  return m;
}

/** The |t_i| that fall in histogram bin `bin`, in index order. */
function collect(t: Float32Array, u: Int32Array, bin: number, count: number): Float32Array {
  const n = u.length;
  const out = new Float32Array(count);
  let m = 0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    m = collectStep(out, t, u, i, bin, m);
    m = collectStep(out, t, u, i + 1, bin, m);
    m = collectStep(out, t, u, i + 2, bin, m);
    m = collectStep(out, t, u, i + 3, bin, m);
    m = collectStep(out, t, u, i + 4, bin, m);
    m = collectStep(out, t, u, i + 5, bin, m);
    m = collectStep(out, t, u, i + 6, bin, m);
    m = collectStep(out, t, u, i + 7, bin, m);
  }
  for (; i < n; i++) m = collectStep(out, t, u, i, bin, m);
  return out;
}

/** The k-th largest |t_i| (1 ≤ k ≤ t.length), and the count of |t_i| above it; `t` is left as it is. */
export function magnitudeThreshold(t: Float32Array, k: number): MagnitudeThreshold {
  const u = new Int32Array(t.buffer, t.byteOffset, t.length);
  const hist = histogram(u);
  let above = 0;
  let bin = BINS - 1;
  for (; bin > 0; bin--) {
    const c = hist[bin] ?? 0;
    if (above + c >= k) break;
    above += c;
  }
  const inBin = collect(t, u, bin, hist[bin] ?? 0);
  const value = kthLargest(inBin, k - above);
  for (let i = 0; i < inBin.length; i++) above += +((inBin[i] ?? 0) > value);
  inBin[0] = value;
  return { value, bits: new Int32Array(inBin.buffer, 0, 1)[0] ?? 0, above };
}
