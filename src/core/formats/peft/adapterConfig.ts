/**
 * @file `adapter_config.json`: parsing with PEFT's defaults, and writing with the keys PEFT's
 * LoraConfig writes (sorted, two-space indent, as `save_pretrained` does). Keys we do not
 * interpret are carried through unchanged, so a config read and written again still loads in
 * the PEFT version that wrote it; keys we add are ones every PEFT since 0.9 knows.
 */
import type { LoraConfig } from './types';
import { LensError } from '../../errors';
import { quote, v } from '../../../shared/schema';

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
  return new LensError(
    'bad-model',
    `${file}: ${what}. Fix the adapter config, or re-save the adapter with PEFT's save_pretrained.`,
  );
}

const POSITIVE_INT = 'a positive integer';
const PositiveInt = v.pipe(v.number(POSITIVE_INT), v.integer(POSITIVE_INT), v.minValue(1, POSITIVE_INT));
const POSITIVE = 'a finite number above 0';
const Positive = v.pipe(v.number(POSITIVE), v.finite(POSITIVE), v.gtValue(0, POSITIVE));
const Flag = v.optional(v.nullable(v.boolean('true or false')));
const Text = v.optional(v.nullable(v.string('a string')));
const Texts = v.optional(v.nullable(v.array(v.string(), 'a list of strings')));
const Patterns = <S extends v.GenericSchema<unknown, number>>(value: S) =>
  v.optional(v.nullable(v.record(v.string(), value, 'an object of module patterns to numbers')));
const SHARE = 'a number from 0 to 1';
const INTS = 'a layer index or a list of them';
const Layers = v.optional(
  v.nullable(v.union([v.pipe(v.number(), v.integer(), v.minValue(0)), v.array(v.pipe(v.number(), v.integer()))], INTS)),
);

/**
 * The fields of `adapter_config.json` Model Lens interprets or that PEFT gives a fixed type (others are carried
 * through unchanged). `base_model_name_or_path` may be null, as PEFT writes it for a model built from a config
 * without a name: it then means "base unknown", and a merge refuses to mix such an adapter with adapters that name
 * their base (see adapterSet.ts), so the different-base check is never skipped silently.
 */
const AdapterConfigSchema = v.looseObject(
  {
    r: v.optional(PositiveInt, 8),
    lora_alpha: v.optional(Positive, 8),
    target_modules: v.optional(
      v.nullable(v.union([v.string(), v.array(v.string())], 'a list of module names or one regular expression')),
    ),
    use_rslora: Flag,
    use_dora: Flag,
    fan_in_fan_out: Flag,
    inference_mode: Flag,
    bias: v.optional(v.picklist(['none', 'all', 'lora_only'], '"none", "all" or "lora_only"')),
    lora_dropout: v.optional(v.nullable(v.pipe(v.number(SHARE), v.minValue(0, SHARE), v.maxValue(1, SHARE)))),
    modules_to_save: Texts,
    layers_to_transform: Layers,
    layers_pattern: v.optional(v.nullable(v.union([v.string(), v.array(v.string())], 'a string or a list of them'))),
    init_lora_weights: v.optional(v.union([v.boolean(), v.string()], 'true, false or an initialisation name')),
    rank_pattern: Patterns(PositiveInt),
    alpha_pattern: Patterns(Positive),
    base_model_name_or_path: Text,
    task_type: Text,
  },
  'a JSON object',
);

/** One line naming the wrong field of a config: `"r" is 0, not a positive integer`. */
function configIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (issue === undefined) return 'it is malformed';
  const path = v.getDotPath(issue);
  if (path === null) return `it is not ${issue.message}`;
  return `"${path}" is ${quote(JSON.stringify(issue.input) ?? String(issue.input))}, not ${issue.message}`;
}

/** Interprets a parsed `adapter_config.json`; `file` names it in messages. */
export function loraConfigParse(json: unknown, file = 'adapter_config.json'): LoraConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad(file, 'it is not a JSON object');
  const kind = json as Record<string, unknown>;
  const peftType = kind['peft_type'] ?? 'LORA';
  if (peftType !== 'LORA') {
    throw new LensError(
      'bad-model',
      `${file}: peft_type is ${JSON.stringify(peftType)}; Model Lens composes LoRA adapters only (peft_type "LORA").`,
    );
  }
  if (kind['use_dora'] === true) {
    throw new LensError(
      'bad-model',
      `${file}: this is a DoRA adapter (use_dora: true); its magnitude vectors do not merge like LoRA factors, ` +
        `so Model Lens cannot compose it.`,
    );
  }
  const parsed = v.safeParse(AdapterConfigSchema, json);
  if (!parsed.success) throw bad(file, configIssue(parsed.issues));
  const c = parsed.output;
  return {
    r: c.r,
    loraAlpha: c.lora_alpha,
    targetModules: c.target_modules ?? [],
    useRslora: c.use_rslora === true,
    rankPattern: c.rank_pattern ?? {},
    alphaPattern: c.alpha_pattern ?? {},
    baseModelNameOrPath: c.base_model_name_or_path ?? null,
    taskType: c.task_type ?? null,
    fanInFanOut: c.fan_in_fan_out === true,
    raw: kind,
  };
}

/** The JSON object PEFT would write for `config`: raw keys, PEFT defaults, then the interpreted fields. */
export function loraConfigJson(config: LoraConfig): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...PEFT_DEFAULTS, ...config.raw };
  merged['peft_type'] = 'LORA';
  merged['r'] = config.r;
  merged['lora_alpha'] = config.loraAlpha;
  merged['target_modules'] =
    typeof config.targetModules === 'string' ? config.targetModules : [...config.targetModules].sort();
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
