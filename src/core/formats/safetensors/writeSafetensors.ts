/**
 * @file Writes safetensors files: tensors ordered by element size (largest first) then name, so
 * every tensor starts at a multiple of its element size; the JSON header padded with spaces to a
 * multiple of 8 bytes; the file written atomically.
 */
import { dtypeArrayName, dtypeSize, encodeTensor, numberToBf16, numberToHalf, type SafetensorsDtype } from './dtypes';
import type { Tensor } from './types';
import { LensError } from '../../errors';
import { atomicWrite } from '../../io/atomicWrite';
import { quote } from '../../../shared/schema';

function checkTensor(name: string, t: Tensor): void {
  if (name === '__metadata__' || name.length === 0)
    throw new LensError('bad-input', `"${name}" cannot name a tensor in a safetensors file. Rename it.`);
  if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new LensError('bad-input', `Tensor "${name}" has shape [${t.shape.join(', ')}]; use non-negative integers.`);
  const numel = t.shape.reduce((a, b) => a * b, 1);
  if (numel !== t.data.length)
    throw new LensError(
      'bad-input',
      `Tensor "${name}" has shape [${t.shape.join(', ')}] (${numel} values) but holds ${t.data.length}. Fix its shape.`,
    );
  finiteOut(name, t);
  if (t.data.constructor.name !== dtypeArrayName(t.dtype)) {
    throw new LensError(
      'bad-input',
      `Tensor "${name}" is declared ${t.dtype} but holds a ${t.data.constructor.name}; ${t.dtype} needs a ` +
        `${dtypeArrayName(t.dtype)}.`,
    );
  }
}

/** Whether `x` is finite once stored as `dtype` (F16 overflows past 65504, BF16 near float32's largest). */
function fits(dtype: SafetensorsDtype, x: number): boolean {
  if (dtype === 'F16') return (numberToHalf(x) & 0x7c00) !== 0x7c00;
  if (dtype === 'BF16') return (numberToBf16(x) & 0x7f80) !== 0x7f80;
  if (dtype === 'F32') return Math.abs(Math.fround(x)) !== Infinity && x === x;
  return Number.isFinite(x);
}

/** Refuses to write a floating-point tensor with a value that is, or would be stored as, NaN or ±Infinity. */
function finiteOut(name: string, t: Tensor): void {
  if (!FLOAT_DTYPES.has(t.dtype)) return;
  for (let i = 0; i < t.data.length; i++) {
    const x = Number(t.data[i] ?? 0);
    if (fits(t.dtype, x)) continue;
    throw new LensError(
      'bad-input',
      `Tensor "${quote(name)}" holds ${x} at entry ${i}, which is not a finite ${t.dtype} value; Model Lens never ` +
        `writes such values. Nothing was written: use smaller weights or scalings.`,
    );
  }
}

const FLOAT_DTYPES: ReadonlySet<SafetensorsDtype> = new Set(['F64', 'F32', 'F16', 'BF16']);

/** Serialises tensors and metadata to the bytes of a safetensors file. */
export function safetensorsSerialize(
  tensors: ReadonlyMap<string, Tensor>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const names = [...tensors.keys()].sort((a, b) => {
    const sa = dtypeSize((tensors.get(a) as Tensor).dtype);
    const sb = dtypeSize((tensors.get(b) as Tensor).dtype);
    return sb - sa || (a < b ? -1 : a > b ? 1 : 0);
  });
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = { ...metadata };
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name) as Tensor;
    checkTensor(name, t);
    const bytes = encodeTensor(t.dtype, t.data);
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - (json.length % 8)) % 8;
  if (pad > 0) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Writes tensors and metadata to `path` as safetensors, atomically. */
export async function safetensorsWrite(
  path: string,
  tensors: ReadonlyMap<string, Tensor>,
  metadata: Readonly<Record<string, string>> = {},
): Promise<void> {
  await atomicWrite(path, safetensorsSerialize(tensors, metadata));
}
