/**
 * @file A safetensors file inspected from its header: the header is read and validated (offsets tile the data,
 * sizes agree with shapes) and no tensor byte is read, so a file of any size takes one small read.
 */
import { openOrExplain, readHeader } from '../formats/safetensors/readSafetensors';
import type { SafetensorsHeader } from '../formats/safetensors/header';
import type { TensorLeaf } from './tree';

/** The validated header of the safetensors file at `path` and its size. */
export async function safetensorsHead(path: string): Promise<{ header: SafetensorsHeader; size: number }> {
  const handle = await openOrExplain(path);
  try {
    const { size } = await handle.stat();
    return { header: await readHeader(handle, path), size };
  } finally {
    await handle.close();
  }
}

/** The tensors of a header as tree leaves. */
export function safetensorsLeaves(header: SafetensorsHeader): TensorLeaf[] {
  return header.entries.map((e) => ({
    name: e.name,
    dtype: e.dtype,
    shape: e.shape,
    params: e.shape.reduce((a, b) => a * b, 1),
    bytes: e.end - e.begin,
  }));
}
