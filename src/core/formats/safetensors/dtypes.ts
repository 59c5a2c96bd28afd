/**
 * @file The safetensors element types we read and write, their sizes, and the conversion of
 * stored bytes (little-endian) to typed arrays and back. F16 and BF16 are widened to Float32 on
 * read and narrowed again (round to nearest even) on write.
 */
import { endianness } from 'node:os';
import { LensError } from '../../errors';

/** Element types this reader accepts. */
export const SAFETENSORS_DTYPES = [
  'F64',
  'F32',
  'F16',
  'BF16',
  'I64',
  'I32',
  'I16',
  'I8',
  'U64',
  'U32',
  'U16',
  'U8',
  'BOOL',
] as const;

/** A safetensors element type. */
export type SafetensorsDtype = (typeof SAFETENSORS_DTYPES)[number];

/** The typed array holding a tensor's values: F16 and BF16 are held as Float32Array. */
export type TensorData =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

const SIZE: Record<SafetensorsDtype, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

/** Bytes per element of `dtype`. */
export function dtypeSize(dtype: SafetensorsDtype): number {
  return SIZE[dtype];
}

/** Whether `name` is a dtype this reader accepts. */
export function dtypeKnown(name: string): name is SafetensorsDtype {
  return (SAFETENSORS_DTYPES as readonly string[]).includes(name);
}

/** The typed-array constructor name expected for each dtype (for validation messages and checks). */
const ARRAY_OF: Record<SafetensorsDtype, string> = {
  F64: 'Float64Array',
  F32: 'Float32Array',
  F16: 'Float32Array',
  BF16: 'Float32Array',
  I64: 'BigInt64Array',
  U64: 'BigUint64Array',
  I32: 'Int32Array',
  U32: 'Uint32Array',
  I16: 'Int16Array',
  U16: 'Uint16Array',
  I8: 'Int8Array',
  U8: 'Uint8Array',
  BOOL: 'Uint8Array',
};

/** The name of the typed array that holds values of `dtype`. */
export function dtypeArrayName(dtype: SafetensorsDtype): string {
  return ARRAY_OF[dtype];
}

function requireLittleEndian(): void {
  if (endianness() !== 'LE') {
    throw new LensError(
      'bad-model',
      'Safetensors files are little-endian and this machine is big-endian; Model Lens cannot read them here.',
    );
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half (binary16) bits to a number. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** A number to IEEE half bits, rounding to nearest even; overflow goes to infinity. */
export function numberToHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    if (rest > half || (rest === half && (r & 1) === 1)) r++;
    return sign | r;
  }
  let r = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (r & 1) === 1)) r++;
  return sign | r;
}

/** A number to bfloat16 bits (the top half of float32), rounding to nearest even; NaN stays NaN. */
export function numberToBf16(x: number): number {
  f32[0] = x;
  const bits = u32[0] ?? 0;
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) return (bits >>> 16) | 0x40;
  const rounded = bits + 0x7fff + ((bits >>> 16) & 1);
  return (rounded >>> 16) & 0xffff;
}

/**
 * Decodes `bytes` holding the elements of `dtype`. Where its offset in its buffer is a multiple of the
 * element size, the result is a view of the same memory (no copy): pass a copy where the bytes may
 * change later. F16 and BF16 are always widened into a new Float32Array.
 */
export function decodeTensor(dtype: SafetensorsDtype, bytes: Uint8Array): TensorData {
  requireLittleEndian();
  const size = SIZE[dtype];
  const aligned = bytes.byteOffset % size === 0;
  const buf = aligned ? bytes.buffer : new Uint8Array(bytes).buffer; // a copy (Buffer.slice would be a view)
  const offset = aligned ? bytes.byteOffset : 0;
  const count = bytes.byteLength / size;
  switch (dtype) {
    case 'F64':
      return new Float64Array(buf, offset, count);
    case 'F32':
      return new Float32Array(buf, offset, count);
    case 'I64':
      return new BigInt64Array(buf, offset, count);
    case 'U64':
      return new BigUint64Array(buf, offset, count);
    case 'I32':
      return new Int32Array(buf, offset, count);
    case 'U32':
      return new Uint32Array(buf, offset, count);
    case 'I16':
      return new Int16Array(buf, offset, count);
    case 'U16':
      return new Uint16Array(buf, offset, count);
    case 'I8':
      return new Int8Array(buf, offset, count);
    case 'U8':
    case 'BOOL':
      return new Uint8Array(buf, offset, count);
    case 'F16': {
      const h = new Uint16Array(buf, offset, count);
      const out = new Float32Array(h.length);
      for (let i = 0; i < h.length; i++) out[i] = halfToNumber(h[i] ?? 0);
      return out;
    }
    case 'BF16': {
      const h = new Uint16Array(buf, offset, count);
      const out = new Float32Array(h.length);
      const w = new Uint32Array(out.buffer);
      for (let i = 0; i < h.length; i++) w[i] = (h[i] ?? 0) << 16;
      return out;
    }
  }
}

/** Encodes `data` as the little-endian bytes of `dtype` (F16/BF16 are narrowed from Float32). */
export function encodeTensor(dtype: SafetensorsDtype, data: TensorData): Uint8Array {
  requireLittleEndian();
  if (dtype === 'F16' || dtype === 'BF16') {
    const out = new Uint16Array(data.length);
    const narrow = dtype === 'F16' ? numberToHalf : numberToBf16;
    for (let i = 0; i < data.length; i++) out[i] = narrow(Number(data[i]));
    return new Uint8Array(out.buffer);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
