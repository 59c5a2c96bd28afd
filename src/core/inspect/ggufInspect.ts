/**
 * @file A GGUF file inspected from its header with `@huggingface/gguf` (it reads the file in 2 MB chunks up to the
 * end of the tensor infos, never the tensor data): metadata, tensor names, GGML types and shapes. Each tensor's
 * stored bytes are the distance to the next tensor's offset (the last: to the end of the file), so quantized
 * blocks count as stored; offsets past the end of the file mean a truncated file.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { GGMLQuantizationType, gguf, type GGUFParseOutput } from '@huggingface/gguf';
import { INSPECT_LIMITS } from '../../shared/inspect';
import { LensError } from '../errors';
import type { ExpertHints } from './experts';
import type { TensorLeaf } from './tree';

/** What the inspector takes from a GGUF header. */
export interface GgufHead {
  readonly leaves: TensorLeaf[];
  readonly metadata: { key: string; value: string }[];
  readonly hints: ExpertHints;
}

const GGUF_MAGIC = 'GGUF';

function bad(path: string, what: string): LensError {
  return new LensError(
    'bad-model',
    `${basename(path)} is not a valid GGUF file: ${what}. Download or convert it again (llama.cpp's ` +
      'convert_hf_to_gguf.py).',
  );
}

/** True when the file starts with the GGUF magic bytes. */
export async function isGguf(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    return magic.toString('latin1') === GGUF_MAGIC;
  } finally {
    await handle.close();
  }
}

/** A metadata value as a line of text; arrays (the vocabulary, merges) as their length and first items. */
export function metadataText(value: unknown): string {
  if (Array.isArray(value)) {
    const shown = value.slice(0, 8).map((x) => metadataText(x));
    return `[${value.length.toLocaleString('en-US')} items${value.length > 0 ? `: ${shown.join(', ')}` : ''}${
      value.length > 8 ? ', …' : ''
    }]`;
  }
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const max = INSPECT_LIMITS.valueChars;
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function hintsOf(metadata: Record<string, unknown>): ExpertHints {
  const arch = metadata['general.architecture'];
  if (typeof arch !== 'string') return {};
  const count = (key: string) => {
    const v = metadata[`${arch}.${key}`];
    return typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined;
  };
  return { count: count('expert_count'), topK: count('expert_used_count'), from: 'the GGUF metadata' };
}

function leavesOf(parsed: GGUFParseOutput, size: number, path: string): TensorLeaf[] {
  const infos = [...parsed.tensorInfos].sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  const dataStart = Number(parsed.tensorDataOffset);
  return infos.map((t, i) => {
    const begin = dataStart + Number(t.offset);
    const next = infos[i + 1];
    const end = next === undefined ? size : dataStart + Number(next.offset);
    if (begin > size || end < begin)
      throw bad(path, `tensor "${t.name}" starts at byte ${begin}, past the end of the ${size}-byte file (truncated)`);
    const shape = t.shape.map(Number);
    const dtype = GGMLQuantizationType[t.dtype] ?? `type ${t.dtype}`;
    return { name: t.name, dtype, shape, params: shape.reduce((a, b) => a * b, 1), bytes: end - begin };
  });
}

/** Reads the header of the GGUF file at `path` of `size` bytes. */
export async function ggufHead(path: string, size: number): Promise<GgufHead> {
  if (!(await isGguf(path))) throw bad(path, `it does not start with the magic bytes "${GGUF_MAGIC}"`);
  let parsed: GGUFParseOutput;
  try {
    parsed = await gguf(path, { allowLocalFile: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw bad(path, error instanceof RangeError ? `its header is cut short (${message})` : message);
  }
  const record = parsed.metadata as unknown as Record<string, unknown>;
  const metadata = Object.entries(record)
    .filter(([key]) => !['tensor_count', 'kv_count'].includes(key))
    .slice(0, INSPECT_LIMITS.metadata)
    .map(([key, value]) => ({ key, value: metadataText(value) }));
  return { leaves: leavesOf(parsed, size, path), metadata, hints: hintsOf(record) };
}
