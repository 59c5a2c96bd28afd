/**
 * @file Writes a PEFT LoRA adapter folder that PEFT's `PeftModel.from_pretrained` loads: the
 * config with per-module ranks and alphas expressed as rank_pattern / alpha_pattern over the
 * most common values, and the factors under the names PEFT saves. The folder is built under a
 * temporary name beside the target, flushed to disk (fsync) and renamed into place, and never replaces an
 * existing path.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { loraConfigText } from './adapterConfig';
import { ADAPTER_CONFIG, ADAPTER_WEIGHTS, PEFT_PREFIX } from './readAdapter';
import type { LoraAdapter, LoraConfig, LoraModule } from './types';
import { safetensorsSerialize } from '../safetensors/writeSafetensors';
import type { Tensor } from '../safetensors/types';
import { LensError } from '../../errors';
import { syncDir, tempPathBeside, writeDurable, writeError } from '../../io/atomicWrite';

function mostCommon(values: readonly number[], fallback: number): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = fallback;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

/** The config to write: r and lora_alpha the most common module values, the rest as patterns. */
export function peftConfigFor(adapter: LoraAdapter): LoraConfig {
  const mods = [...adapter.modules.values()];
  const r = mostCommon(
    mods.map((m) => m.rank),
    adapter.config.r,
  );
  const alpha = mostCommon(
    mods.map((m) => m.alpha),
    adapter.config.loraAlpha,
  );
  const rankPattern: Record<string, number> = {};
  const alphaPattern: Record<string, number> = {};
  for (const m of mods) {
    if (m.rank !== r) rankPattern[m.name] = m.rank;
    if (m.alpha !== alpha) alphaPattern[m.name] = m.alpha;
  }
  return { ...adapter.config, r, loraAlpha: alpha, rankPattern, alphaPattern };
}

function checkModule(m: LoraModule): void {
  if (
    m.a.rows !== m.rank ||
    m.b.cols !== m.rank ||
    m.a.data.length !== m.a.rows * m.a.cols ||
    m.b.data.length !== m.b.rows * m.b.cols
  ) {
    throw new LensError(
      'bad-input',
      `Module ${m.name}: A is [${m.a.rows} × ${m.a.cols}] and B [${m.b.rows} × ${m.b.cols}], which do not fit ` +
        `rank ${m.rank}. Nothing was written.`,
    );
  }
}

/** The tensors of `adapter_model.safetensors` for `adapter`. */
export function peftTensors(adapter: LoraAdapter): Map<string, Tensor> {
  const dtype = adapter.dtype === 'F16' || adapter.dtype === 'BF16' ? adapter.dtype : 'F32';
  const tensors = new Map<string, Tensor>(adapter.extras);
  for (const m of adapter.modules.values()) {
    checkModule(m);
    tensors.set(`${PEFT_PREFIX}${m.name}.lora_A.weight`, { dtype, shape: [m.a.rows, m.a.cols], data: m.a.data });
    tensors.set(`${PEFT_PREFIX}${m.name}.lora_B.weight`, { dtype, shape: [m.b.rows, m.b.cols], data: m.b.data });
  }
  return tensors;
}

function refuseExisting(dir: string): LensError {
  return new LensError(
    'bad-input',
    `${dir} already exists. Model Lens never writes over an existing folder: choose a new folder name, or remove ` +
      `the old one first.`,
  );
}

/** Writes `adapter` as a new PEFT adapter folder `dir`; refuses when `dir` exists. */
export async function peftWrite(dir: string, adapter: LoraAdapter): Promise<void> {
  const target = resolve(dir);
  if (existsSync(target)) throw refuseExisting(target);
  if (adapter.modules.size === 0)
    throw new LensError('bad-input', 'The adapter has no modules; there is nothing to write.');
  const tensors = peftTensors(adapter);
  const config = loraConfigText(peftConfigFor(adapter));
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPathBeside(target);
  try {
    await mkdir(tmp);
    await writeDurable(join(tmp, ADAPTER_WEIGHTS), safetensorsSerialize(tensors, { format: 'pt' }));
    await writeDurable(join(tmp, ADAPTER_CONFIG), config);
    await syncDir(tmp);
    if (existsSync(target)) throw refuseExisting(target);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY') throw refuseExisting(target);
    throw writeError(target, error);
  }
  await syncDir(dirname(target));
}
