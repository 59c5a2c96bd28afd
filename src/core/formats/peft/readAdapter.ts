/**
 * @file Reads a PEFT LoRA adapter folder: `adapter_config.json` and `adapter_model.safetensors`
 * with tensors `base_model.model.<module>.lora_A.weight` [r × in] and `.lora_B.weight` [out × r].
 * Tensors are grouped by module; each module's rank and alpha come from rank_pattern and
 * alpha_pattern, and must agree with the factor shapes.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loraConfigParse } from './adapterConfig';
import { moduleRankAlpha, moduleTargeted } from './patterns';
import { loraScaling, type LoraAdapter, type LoraConfig, type LoraModule, type Matrix } from './types';
import type { SafetensorsDtype } from '../safetensors/dtypes';
import { safetensorsRead } from '../safetensors/readSafetensors';
import type { SafetensorsFile, Tensor } from '../safetensors/types';
import { LensError } from '../../errors';
import { jsonParse } from '../../parse';

/** The config file name PEFT writes. */
export const ADAPTER_CONFIG = 'adapter_config.json';
/** The weights file name PEFT writes (safetensors, the default since PEFT 0.6). */
export const ADAPTER_WEIGHTS = 'adapter_model.safetensors';
/** The prefix PEFT puts before module names in saved keys. */
export const PEFT_PREFIX = 'base_model.model.';

/** A PEFT factor's saved key: `base_model.model.<module>.lora_<A|B>.weight`. */
export const LORA_FACTOR = /^base_model\.model\.(.+)\.lora_([AB])\.weight$/u;
const UNSUPPORTED = /\.(lora_embedding_[AB]|lora_magnitude_vector|lora_B\.bias)(\.|$)/u;

/** Largest adapter_config.json read (PEFT writes a few kilobytes; rank patterns of large models stay far below). */
export const ADAPTER_CONFIG_MAX_BYTES = 4 * 2 ** 20;

/** Reads and checks `adapter_config.json` in the adapter folder `dir`. */
export async function readConfig(dir: string): Promise<LoraConfig> {
  const path = join(dir, ADAPTER_CONFIG);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile())
    throw new LensError(
      'bad-input',
      `${dir} has no ${ADAPTER_CONFIG}. Choose the folder that PEFT's save_pretrained wrote (it holds ` +
        `${ADAPTER_CONFIG} and ${ADAPTER_WEIGHTS}).`,
    );
  const fix = 'Fix or re-save the adapter.';
  if (info.size > ADAPTER_CONFIG_MAX_BYTES)
    throw new LensError(
      'bad-model',
      `${path} is ${info.size} bytes, more than the limit of ${ADAPTER_CONFIG_MAX_BYTES} for an adapter config. ${fix}`,
    );
  const json = jsonParse(await readFile(path, 'utf8'), path, { code: 'bad-model', fix });
  return loraConfigParse(json, path);
}

function toMatrix(t: Tensor, name: string, file: string): Matrix {
  if (t.shape.length !== 2)
    throw new LensError(
      'bad-model',
      `${file}: ${name} has shape [${t.shape.join(', ')}]; LoRA factors are matrices. Model Lens composes ` +
        `Linear-layer LoRAs only.`,
    );
  if (!(t.data instanceof Float32Array) && !(t.data instanceof Float64Array)) {
    throw new LensError(
      'bad-model',
      `${file}: ${name} is ${t.dtype}; LoRA factors must be floating point (F32, F16, BF16 or F64).`,
    );
  }
  return {
    rows: t.shape[0] ?? 0,
    cols: t.shape[1] ?? 0,
    data: t.data instanceof Float32Array ? t.data : Float32Array.from(t.data),
  };
}

function groupFactors(
  file: SafetensorsFile,
  path: string,
): { pairs: Map<string, { a?: Tensor; b?: Tensor }>; extras: Map<string, Tensor>; dtype: SafetensorsDtype } {
  const pairs = new Map<string, { a?: Tensor; b?: Tensor }>();
  const extras = new Map<string, Tensor>();
  let dtype: SafetensorsDtype | undefined;
  for (const [key, t] of file.tensors) {
    const unsupported = UNSUPPORTED.exec(key);
    if (unsupported !== null)
      throw new LensError(
        'bad-model',
        `${path}: tensor ${key} (${unsupported[1]}) is not supported; Model Lens composes LoRAs on Linear layers ` +
          `without DoRA or LoRA biases.`,
      );
    const m = LORA_FACTOR.exec(key);
    if (m === null) {
      if (/\.lora_[AB]\./u.test(key))
        throw new LensError(
          'bad-model',
          `${path}: tensor ${key} is not named as PEFT saves LoRA factors (${PEFT_PREFIX}<module>.lora_A.weight).`,
        );
      extras.set(key, t);
      continue;
    }
    const [, module = '', which] = m;
    const pair = pairs.get(module) ?? {};
    if (which === 'A') pair.a = t;
    else pair.b = t;
    pairs.set(module, pair);
    dtype ??= t.dtype;
  }
  return { pairs, extras, dtype: dtype ?? 'F32' };
}

function buildModule(config: LoraConfig, name: string, pair: { a?: Tensor; b?: Tensor }, path: string): LoraModule {
  if (pair.a === undefined || pair.b === undefined) {
    throw new LensError(
      'bad-model',
      `${path}: module ${name} has lora_${pair.a === undefined ? 'A' : 'B'}.weight missing. The adapter file is ` +
        `incomplete; re-save it.`,
    );
  }
  const a = toMatrix(pair.a, `${name}.lora_A.weight`, path);
  const b = toMatrix(pair.b, `${name}.lora_B.weight`, path);
  const { rank, alpha } = moduleRankAlpha(config, name);
  if (a.rows !== rank || b.cols !== rank) {
    throw new LensError(
      'bad-model',
      `${path}: module ${name} has lora_A [${a.rows} × ${a.cols}] and lora_B [${b.rows} × ${b.cols}], but the ` +
        `config gives it rank ${rank}. The config and weights do not belong together.`,
    );
  }
  if (!moduleTargeted(config, name)) {
    throw new LensError(
      'bad-model',
      `${path}: module ${name} has LoRA weights but target_modules ${JSON.stringify(config.targetModules)} does ` +
        `not name it. The config and weights do not belong together.`,
    );
  }
  const scaling = loraScaling(alpha, rank, config.useRslora);
  if (!Number.isFinite(Math.fround(scaling)))
    throw new LensError(
      'bad-model',
      `${path}: module ${name} has lora_alpha ${alpha} and rank ${rank}, a scaling of ${scaling} that float32 ` +
        `cannot hold. Fix lora_alpha (or alpha_pattern) in ${ADAPTER_CONFIG}.`,
    );
  return { name, a, b, rank, alpha, scaling };
}

/** Reads the PEFT LoRA adapter in folder `dir`. */
export async function peftRead(dir: string): Promise<LoraAdapter> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) throw new LensError('bad-input', `${dir} does not exist. Choose a PEFT adapter folder.`);
  if (!info.isDirectory())
    throw new LensError(
      'bad-input',
      `${dir} is a file; choose the adapter's folder (the one holding ${ADAPTER_CONFIG}).`,
    );
  const config = await readConfig(dir);
  const weights = join(dir, ADAPTER_WEIGHTS);
  if (!existsSync(weights)) {
    const bin = existsSync(join(dir, 'adapter_model.bin'));
    throw new LensError(
      'bad-input',
      bin
        ? `${dir} holds adapter_model.bin (a pickle) and no ${ADAPTER_WEIGHTS}. Model Lens reads safetensors ` +
            `only: re-save with save_pretrained(..., safe_serialization=True).`
        : `${dir} has no ${ADAPTER_WEIGHTS}. Choose the folder PEFT's save_pretrained wrote.`,
    );
  }
  const file = await safetensorsRead(weights);
  const { pairs, extras, dtype } = groupFactors(file, weights);
  if (pairs.size === 0)
    throw new LensError(
      'bad-model',
      `${weights} holds no LoRA factors (${PEFT_PREFIX}<module>.lora_A.weight). Is it a LoRA adapter?`,
    );
  const modules = new Map<string, LoraModule>();
  for (const name of [...pairs.keys()].sort())
    modules.set(name, buildModule(config, name, pairs.get(name) ?? {}, weights));
  return { config, modules, dtype, extras };
}
