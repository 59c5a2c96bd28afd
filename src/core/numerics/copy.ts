/**
 * @file Block copies of float32 matrices (row-major) for concatenating factors: a scaled copy of a
 * run of entries, and a copy of a matrix into a band of columns of a wider one. Unrolled eight
 * entries a step like the kernels of elementwise.ts; values go through float64 as plain
 * assignments do, so the results are those of the one-entry-a-step loops.
 */

function scaledStep(dst: Float32Array, at: number, src: Float32Array, c: number, t: number): void {
  dst[at + t] = (src[t] ?? 0) * c;
}

/** dst[at + t] = src[t]·c (rounded to float32) for t < count. */
export function scaledInto(dst: Float32Array, at: number, src: Float32Array, count: number, c: number): void {
  let t = 0;
  for (; t + 8 <= count; t += 8) {
    scaledStep(dst, at, src, c, t);
    scaledStep(dst, at, src, c, t + 1);
    scaledStep(dst, at, src, c, t + 2);
    scaledStep(dst, at, src, c, t + 3);
    scaledStep(dst, at, src, c, t + 4);
    scaledStep(dst, at, src, c, t + 5);
    scaledStep(dst, at, src, c, t + 6);
    scaledStep(dst, at, src, c, t + 7);
  }
  for (; t < count; t++) scaledStep(dst, at, src, c, t);
}

function copyStep(dst: Float32Array, to: number, src: Float32Array, from: number, t: number): void {
  dst[to + t] = src[from + t] ?? 0;
}

/** Copies `width` entries from src[from..] to dst[to..]. */
function runInto(dst: Float32Array, to: number, src: Float32Array, from: number, width: number): void {
  let t = 0;
  for (; t + 8 <= width; t += 8) {
    copyStep(dst, to, src, from, t);
    copyStep(dst, to, src, from, t + 1);
    copyStep(dst, to, src, from, t + 2);
    copyStep(dst, to, src, from, t + 3);
    copyStep(dst, to, src, from, t + 4);
    copyStep(dst, to, src, from, t + 5);
    copyStep(dst, to, src, from, t + 6);
    copyStep(dst, to, src, from, t + 7);
  }
  for (; t < width; t++) copyStep(dst, to, src, from, t);
}

/** Copies the [rows × width] matrix `src` into columns col..col+width of `dst` (rows of `stride`). */
export function columnsInto(
  dst: Float32Array,
  stride: number,
  col: number,
  src: Float32Array,
  width: number,
  rows: number,
): void {
  for (let o = 0; o < rows; o++) runInto(dst, o * stride + col, src, o * width, width);
}
