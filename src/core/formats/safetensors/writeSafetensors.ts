/**
 * @file Writes safetensors files: tensors ordered by element size (largest first) then name, so
 * every tensor starts at a multiple of its element size; the JSON header padded with spaces to a
 * multiple of 8 bytes; the file written atomically.
 */
import { dtypeArrayName, dtypeSize, encodeTensor } from './dtypes';
import type { Tensor } from './types';
import { LensError } from '../../errors';
import { atomicWrite } from '../../io/atomicWrite';

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
  if (t.data.constructor.name !== dtypeArrayName(t.dtype)) {
    throw new LensError(
      'bad-input',
      `Tensor "${name}" is declared ${t.dtype} but holds a ${t.data.constructor.name}; ${t.dtype} needs a ` +
        `${dtypeArrayName(t.dtype)}.`,
    );
  }
}

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
