/**
 * @file A PEFT LoRA adapter folder inspected from `adapter_config.json` and the header of
 * `adapter_model.safetensors`: each module's rank (from lora_A's rows), in and out features, alpha and scaling.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoraRow, LoraSummary } from '../../shared/inspect';
import { moduleRankAlpha } from '../formats/peft/patterns';
import { ADAPTER_CONFIG, ADAPTER_WEIGHTS, LORA_FACTOR, readConfig } from '../formats/peft/readAdapter';
import { loraScaling } from '../formats/peft/types';
import { LensError } from '../errors';
import { safetensorsHead, safetensorsLeaves } from './safetensorsInspect';
import type { TensorLeaf } from './tree';

/** What the inspector takes from an adapter folder. */
export interface PeftHead {
  readonly leaves: TensorLeaf[];
  readonly lora: LoraSummary;
  readonly fileBytes: number;
  readonly metadata: { key: string; value: string }[];
}

function modules(leaves: readonly TensorLeaf[]): Map<string, { a?: TensorLeaf; b?: TensorLeaf }> {
  const pairs = new Map<string, { a?: TensorLeaf; b?: TensorLeaf }>();
  for (const leaf of leaves) {
    const m = LORA_FACTOR.exec(leaf.name);
    if (m === null) continue;
    const pair = pairs.get(m[1] ?? '') ?? {};
    if (m[2] === 'A') pair.a = leaf;
    else pair.b = leaf;
    pairs.set(m[1] ?? '', pair);
  }
  return pairs;
}

/** Reads the adapter folder `dir`. */
export async function peftHead(dir: string): Promise<PeftHead> {
  const config = await readConfig(dir);
  const weights = join(dir, ADAPTER_WEIGHTS);
  if ((await stat(weights).catch(() => undefined)) === undefined)
    throw new LensError(
      'bad-input',
      `${dir} has no ${ADAPTER_WEIGHTS}. Choose the folder PEFT's save_pretrained wrote.`,
    );
  const { header, size } = await safetensorsHead(weights);
  const leaves = safetensorsLeaves(header);
  const rows: LoraRow[] = [];
  for (const [module, { a, b }] of [...modules(leaves)].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (a === undefined || b === undefined)
      throw new LensError(
        'bad-model',
        `${weights}: module ${module} has lora_${a === undefined ? 'A' : 'B'}.weight missing. Re-save the adapter.`,
      );
    const { alpha } = moduleRankAlpha(config, module);
    const rank = Number(a.shape[0] ?? 0);
    rows.push({
      module,
      rank,
      alpha,
      scaling: loraScaling(alpha, rank, config.useRslora),
      inFeatures: Number(a.shape[1] ?? 0),
      outFeatures: Number(b.shape[0] ?? 0),
      params: a.params + b.params,
    });
  }
  const configBytes = (await stat(join(dir, ADAPTER_CONFIG))).size;
  const lora: LoraSummary = {
    rank: config.r,
    alpha: config.loraAlpha,
    targetModules: typeof config.targetModules === 'string' ? config.targetModules : [...config.targetModules],
    useRslora: config.useRslora,
    baseModel: config.baseModelNameOrPath,
    taskType: config.taskType,
    modules: rows,
  };
  const metadata = Object.entries(config.raw).map(([key, value]) => ({ key, value: JSON.stringify(value) }));
  return { leaves, lora, fileBytes: size + configBytes, metadata };
}
