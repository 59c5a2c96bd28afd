/**
 * @file Reads per-example gradients from a file: JSON (an array of matrices as arrays of rows, `{name:
 * matrices}` for several layers, or `{name: {u, v}}` for rank-1 factors; at most 64 MiB, read whole) or
 * safetensors (a 3-D tensor [count, m, n] per layer, or 2-D pairs `<name>.u` [count, m] / `<name>.v` [count, n];
 * any size: only the layers asked for are read, one tensor at a time). JSON or safetensors is told by the first
 * byte (`[` or `{` is JSON), so the extension does not matter.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { clipMessage, LensError, throwIfCancelled } from '../../errors';
import { JSON_MAX_BYTES } from '../../parse';
import { decodeText } from '../../text/decodeText';
import { quote } from '../../../shared/schema';
import { gradientsFromJson } from './readers/json';
import { gradientsFromSafetensors, type SafetensorsLayer } from './readers/safetensors';
import { checkStack } from './stack';
import type { GradientStack } from './types';

/** Options of {@link readGradients}. */
export interface ReadGradientsOptions {
  /** Layers kept (all when absent); a name the file lacks is a `bad-input` listing the file's layers. */
  readonly layers?: readonly string[];
  readonly signal?: AbortSignal;
}

/** The named layers of `available`, in the order asked; a missing name lists the file's layers. */
export function pickLayers<T>(available: ReadonlyMap<string, T>, wanted: readonly string[] | undefined, file: string): T[] {
  if (wanted === undefined) return [...available.values()];
  return wanted.map((name) => {
    const found = available.get(name);
    if (found !== undefined) return found;
    const list = clipMessage([...available.keys()].map((k) => `"${k}"`).join(', '), 300);
    throw new LensError('bad-input', `${file} has no layer "${quote(name)}". Its layers: ${list}.`);
  });
}

async function firstByte(path: string): Promise<number> {
  const h = await open(path, 'r');
  try {
    const b = new Uint8Array(64);
    const { bytesRead } = await h.read(b, 0, 64, 0);
    const i = b.subarray(0, bytesRead).findIndex((c) => c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09);
    // A UTF-8 byte-order mark starts with 0xef.
    return i < 0 ? -1 : (b[i] as number);
  } finally {
    await h.close();
  }
}

async function fromJson(path: string, size: number, o: ReadGradientsOptions): Promise<GradientStack[]> {
  const file = basename(path);
  if (size > JSON_MAX_BYTES)
    throw new LensError(
      'too-long',
      `${file} is ${size} bytes; JSON gradients are read up to ${JSON_MAX_BYTES}. Save them as safetensors.`,
    );
  const text = decodeText(await readFile(path), { name: file });
  throwIfCancelled(o.signal);
  const stacks = gradientsFromJson(text, file);
  return pickLayers(new Map(stacks.map((s) => [s.name, s])), o.layers, file);
}

/** The gradient stacks of a JSON or safetensors file, checked (shapes, not empty, finite, not all zero). */
export async function readGradients(path: string, options: ReadGradientsOptions = {}): Promise<GradientStack[]> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile())
    throw new LensError('bad-input', `${clipMessage(path, 300)} does not exist or is not a file. Check the path.`);
  if (info.size === 0) throw new LensError('bad-input', `${basename(path)} is empty. Give a file of gradients.`);
  const first = await firstByte(path);
  const stacks =
    first === 0x5b || first === 0x7b || first === 0xef
      ? await fromJson(path, info.size, options)
      : await gradientsFromSafetensors(path, (available: Map<string, SafetensorsLayer>) =>
          pickLayers(available, options.layers, basename(path)),
        );
  for (const s of stacks) checkStack(s);
  return stacks;
}
