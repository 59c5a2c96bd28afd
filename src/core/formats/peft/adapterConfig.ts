/**
 * @file `adapter_config.json`: parsing with PEFT's defaults, and writing with the keys PEFT's
 * LoraConfig writes (sorted, two-space indent, as `save_pretrained` does). Keys we do not
 * interpret are carried through unchanged, so a config read and written again still loads in
 * the PEFT version that wrote it; keys we add are ones every PEFT since 0.9 knows.
 */
import type { LoraConfig } from './types';
import { LensError } from '../../errors';

/** Keys (with PEFT's defaults) written when the source config lacks them. */
const PEFT_DEFAULTS: Readonly<Record<string, unknown>> = {
  alpha_pattern: {},
  auto_mapping: null,
  base_model_name_or_path: null,
  bias: 'none',
  fan_in_fan_out: false,
  inference_mode: true,
  init_lora_weights: true,
  layers_pattern: null,
  layers_to_transform: null,
  loftq_config: {},
  lora_alpha: 8,
  lora_dropout: 0.0,
  megatron_config: null,
  megatron_core: 'megatron.core',
  modules_to_save: null,
  peft_type: 'LORA',
  r: 8,
  rank_pattern: {},
  revision: null,
  target_modules: null,
  task_type: null,
  use_dora: false,
  use_rslora: false,
};

function bad(file: string, what: string): LensError {
  return new LensError('bad-model', `${file}: ${what}. Fix the adapter config, or re-save the adapter with PEFT's save_pretrained.`);
}

function numberMap(value: unknown, key: string, file: string, integer: boolean): Record<string, number> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw bad(file, `"${key}" is not an object of module patterns to numbers`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && (!Number.isInteger(v) || v < 1))) {
      throw bad(file, `"${key}"."${k}" is ${JSON.stringify(v)}, not a ${integer ? 'positive integer' : 'number'}`);
    }
    out[k] = v;
  }
  return out;
}

function targetModules(value: unknown, file: string): readonly string[] | string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw bad(file, `"target_modules" is ${JSON.stringify(value)}; PEFT writes a list of module names or one regular expression`);
}

/** Interprets a parsed `adapter_config.json`; `file` names it in messages. */
export function loraConfigParse(json: unknown, file = 'adapter_config.json'): LoraConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad(file, 'it is not a JSON object');
  const raw = json as Record<string, unknown>;
  const peftType = raw['peft_type'] ?? 'LORA';
  if (peftType !== 'LORA') throw new LensError('bad-model', `${file}: peft_type is ${JSON.stringify(peftType)}; Model Lens composes LoRA adapters only (peft_type "LORA").`);
  if (raw['use_dora'] === true) throw new LensError('bad-model', `${file}: this is a DoRA adapter (use_dora: true); its magnitude vectors do not merge like LoRA factors, so Model Lens cannot compose it.`);
  const r = raw['r'] ?? 8;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 1) throw bad(file, `"r" is ${JSON.stringify(r)}, not a positive integer`);
  const alpha = raw['lora_alpha'] ?? 8;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw bad(file, `"lora_alpha" is ${JSON.stringify(alpha)}, not a number`);
  const str = (key: string): string | null => (typeof raw[key] === 'string' ? (raw[key] as string) : null);
  return {
    r,
    loraAlpha: alpha,
    targetModules: targetModules(raw['target_modules'] ?? [], file),
    useRslora: raw['use_rslora'] === true,
    rankPattern: numberMap(raw['rank_pattern'], 'rank_pattern', file, true),
    alphaPattern: numberMap(raw['alpha_pattern'], 'alpha_pattern', file, false),
    baseModelNameOrPath: str('base_model_name_or_path'),
    taskType: str('task_type'),
    fanInFanOut: raw['fan_in_fan_out'] === true,
    raw,
  };
}

/** The JSON object PEFT would write for `config`: raw keys, PEFT defaults, then the interpreted fields. */
export function loraConfigJson(config: LoraConfig): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...PEFT_DEFAULTS, ...config.raw };
  merged['peft_type'] = 'LORA';
  merged['r'] = config.r;
  merged['lora_alpha'] = config.loraAlpha;
  merged['target_modules'] = typeof config.targetModules === 'string' ? config.targetModules : [...config.targetModules].sort();
  merged['use_rslora'] = config.useRslora;
  merged['rank_pattern'] = { ...config.rankPattern };
  merged['alpha_pattern'] = { ...config.alphaPattern };
  merged['base_model_name_or_path'] = config.baseModelNameOrPath;
  merged['task_type'] = config.taskType;
  merged['fan_in_fan_out'] = config.fanInFanOut;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(merged).sort()) sorted[key] = merged[key];
  return sorted;
}

/** The text of `adapter_config.json` for `config`. */
export function loraConfigText(config: LoraConfig): string {
  return `${JSON.stringify(loraConfigJson(config), null, 2)}\n`;
}
