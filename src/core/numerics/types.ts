/**
 * @file The dense matrices the numerics module works on: row-major float32 or float64 data with
 * its shape, and batches of equal-shaped matrices stored one after another.
 */
import { LensError } from '../errors';

/** Float storage the kernels accept. */
export type Floats = Float32Array | Float64Array;

/** A dense row-major matrix. */
export interface Dense<T extends Floats = Floats> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;
}

/** `count` matrices of [rows × cols], stored one after another. */
export interface DenseBatch<T extends Floats = Floats> extends Dense<T> {
  readonly count: number;
}

/** Most elements one result may hold (a float64 [2³¹] array is 16 GiB). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** Throws when `data` does not hold rows × cols (× count) numbers. */
export function checkShape(what: string, m: Dense, count = 1): void {
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0) {
    throw new LensError('bad-input', `${what} has shape [${m.rows} × ${m.cols}]; sizes must be whole numbers.`);
  }
  if (m.data.length !== m.rows * m.cols * count) {
    throw new LensError(
      'bad-input',
      `${what} holds ${m.data.length} numbers, not ${count > 1 ? `${count} × ` : ''}${m.rows} × ${m.cols}.`,
    );
  }
}

/** Bit 31 set where entry i has the all-ones exponent of NaN and ±Infinity ((bits & 0x7f800000) + 0x00800000). */
function nonFiniteBit(bits: Int32Array, i: number): number {
  return ((bits[i] ?? 0) & 0x7f800000) + 0x00800000;
}

/** Whether no entry of `data` is NaN or ±Infinity: branch-free on the bits, eight entries a step. */
function allFinite32(data: Float32Array): boolean {
  const bits = new Int32Array(data.buffer, data.byteOffset, data.length);
  const n = bits.length;
  let bad = 0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    bad |=
      nonFiniteBit(bits, i) |
      nonFiniteBit(bits, i + 1) |
      nonFiniteBit(bits, i + 2) |
      nonFiniteBit(bits, i + 3) |
      nonFiniteBit(bits, i + 4) |
      nonFiniteBit(bits, i + 5) |
      nonFiniteBit(bits, i + 6) |
      nonFiniteBit(bits, i + 7);
  }
  for (; i < n; i++) bad |= nonFiniteBit(bits, i);
  return bad >= 0;
}

/** Whether no entry of `data` is NaN or ±Infinity (x − x is NaN exactly for those). */
function allFinite64(data: Float64Array): boolean {
  let acc = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i] as number;
    acc += x - x;
  }
  return acc === 0;
}

/** Whether every entry is a finite number (float32: on the bits, eight entries a step). */
export function allFinite(data: ArrayLike<number>): boolean {
  if (data instanceof Float32Array) return allFinite32(data);
  if (data instanceof Float64Array) return allFinite64(data);
  for (let i = 0; i < data.length; i++) {
    const x = data[i] as number;
    if (x - x !== 0) return false;
  }
  return true;
}

/** Throws when `m` holds NaN or ±Infinity: no factorisation is defined there. */
export function checkFinite(what: string, m: Dense): void {
  if (!allFinite(m.data)) {
    throw new LensError(
      'bad-input',
      `${what} holds NaN or Infinity, which has no factorisation; check the values it was computed from.`,
    );
  }
}

/** Throws before allocating a result of more than {@link MAX_ELEMENTS} numbers. */
export function checkResultSize(rows: number, cols: number, count = 1): void {
  if (rows * cols * count > MAX_ELEMENTS) {
    throw new LensError(
      'too-long',
      `A result of ${count > 1 ? `${count} × ` : ''}${rows} × ${cols} numbers is more than one array can hold; ` +
        `work on smaller blocks.`,
    );
  }
}

/** The same values in float64. */
export function toFloat64(m: Dense): Dense<Float64Array> {
  return { rows: m.rows, cols: m.cols, data: m.data instanceof Float64Array ? m.data : Float64Array.from(m.data) };
}

/** The same values rounded to float32. */
export function toFloat32(m: Dense): Dense<Float32Array> {
  return { rows: m.rows, cols: m.cols, data: m.data instanceof Float32Array ? m.data : Float32Array.from(m.data) };
}

/** The transpose, in a new array of the same type. */
export function transpose<T extends Floats>(m: Dense<T>): Dense<T> {
  const out = new (m.data.constructor as new (n: number) => T)(m.data.length);
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[o + j] as number;
  }
  return { rows: cols, cols: rows, data: out };
}
