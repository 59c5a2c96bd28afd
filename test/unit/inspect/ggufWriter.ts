/**
 * @file A tiny GGUF writer for the inspector's tests: the metadata block is `@huggingface/gguf`'s own serializer
 * (unpadded), then the tensor infos, padding to the alignment, and the data (or, for a sparse file, a size the
 * file is extended to without writing it).
 */
import { open } from 'node:fs/promises';
import { GGUFValueType, serializeGgufMetadata, type GGUFTypedMetadata } from '@huggingface/gguf';

/** One tensor info: name, dims (fastest first, as GGUF stores them), GGML type and offset in the data. */
export interface GgufTensorSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: number;
  readonly offset: number;
}

const ALIGN = 32;

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

function u64(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}

/** The header bytes (through the padding before the data) of a GGUF v3 file. */
export function ggufHeader(
  kv: Readonly<Record<string, string | number>>,
  tensors: readonly GgufTensorSpec[],
): Uint8Array {
  const typed: Record<string, { value: unknown; type: GGUFValueType }> = {
    version: { value: 3, type: GGUFValueType.UINT32 },
    tensor_count: { value: BigInt(tensors.length), type: GGUFValueType.UINT64 },
    kv_count: { value: BigInt(Object.keys(kv).length), type: GGUFValueType.UINT64 },
  };
  for (const [key, value] of Object.entries(kv))
    typed[key] =
      typeof value === 'string' ? { value, type: GGUFValueType.STRING } : { value, type: GGUFValueType.UINT32 };
  const meta = serializeGgufMetadata(typed as unknown as GGUFTypedMetadata, { alignment: 1 });
  const enc = new TextEncoder();
  const infos = tensors.flatMap((t) => {
    const name = enc.encode(t.name);
    return [u64(name.length), name, u32(t.dims.length), ...t.dims.map(u64), u32(t.type), u64(t.offset)];
  });
  const parts = [meta, ...infos];
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(Math.ceil(length / ALIGN) * ALIGN);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Writes `header` and extends the file by `dataBytes` (a sparse file: the data is never written). */
export async function writeGguf(path: string, header: Uint8Array, dataBytes: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.write(header, 0, header.length, 0);
    await handle.truncate(header.length + dataBytes);
  } finally {
    await handle.close();
  }
}
