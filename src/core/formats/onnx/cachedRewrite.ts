/**
 * @file Where a rewritten copy of a user's ONNX graph lives: a cache folder, under a name keyed by the SHA-256 of
 * the original (which is only ever read) and by what the rewrite added, written atomically.
 */
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { atomicWrite } from '../../io/atomicWrite';
import type { OnnxModel } from './readOnnx';

/**
 * Writes `bytes` (the rewrite of `model`, read from `onnxPath`) into `cacheDir` unless a complete copy is there,
 * and returns its path. `tag` names the rewrite and its version, e.g. `attention-v1`.
 */
export async function cachedRewrite(
  onnxPath: string,
  model: OnnxModel,
  bytes: Uint8Array,
  tag: string,
  cacheDir: string,
): Promise<string> {
  const sha = createHash('sha256').update(model.bytes).digest('hex');
  const cached = join(cacheDir, `${basename(onnxPath, '.onnx')}.${sha}.${tag}.onnx`);
  if ((await sizeOf(cached)) !== bytes.length) {
    await mkdir(cacheDir, { recursive: true });
    await atomicWrite(cached, bytes);
  }
  return cached;
}

/**
 * The size of a file, or -1 when there is none; a cached copy is complete when its size matches, since it is written
 * atomically.
 */
async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return -1;
  }
}
