/**
 * @file adapter_config.json cases: PEFT fields of the wrong type, missing or null, huge or senseless values
 * (`r` 0, `lora_alpha` 1e308 or 1e999, unknown target modules, another base), or bad text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badText, edgeValue, jsonText, mutateJson, setAt, short } from '../mutate';
import type { Rng } from '../rng';
import type { CaseBody, Materials } from '../types';
import { loraCommand, TASK_LINES } from './lora';

/** Values that are wrong for each field the code reads. */
const FIELD_VALUES: Record<string, readonly unknown[]> = {
  r: [0, -1, 4, 16, 1e9, 8.5, '8', null],
  lora_alpha: [0, -16, 1e308, 1e-320, '16', null, 2 ** 60],
  target_modules: [[], 'qkv', ['nope'], [1], null, 'all-linear', ['qkv', 'qkv'], '.*'],
  base_model_name_or_path: [null, 5, 'other-base', '', 'x'.repeat(100_000), ['lora-base']],
  bias: ['all', 'lora_only', 1, null, true],
  use_rslora: ['yes', 1, null, true],
  fan_in_fan_out: ['no', true, 1, null],
  peft_type: ['IA3', 'lora', null, 3],
  task_type: ['SEQ_CLS', null, 4],
  rank_pattern: [{ qkv: 0 }, { qkv: -1 }, { x: 4 }, { qkv: 1e9 }, [], 'x', { qkv: '4' }],
  alpha_pattern: [{ qkv: 1e308 }, { qkv: 0 }, { qkv: 'a' }, { '(': 1 }, []],
  lora_dropout: [2, -1, null, '0.1'],
  inference_mode: ['yes', null],
};

/** An adapter_config.json case. */
export function adapterCase(rng: Rng, m: Materials): CaseBody {
  const zoo = join(m.root, 'media', 'models', rng.pick(['lora-arith', 'lora-words']));
  const config = JSON.parse(readFileSync(join(zoo, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
  const kind = rng.weighted([
    [6, 'field'],
    [2, 'structure'],
    [1, 'root'],
    [1, 'text'],
  ] as const);
  let text: string | Buffer;
  let what: string;
  if (kind === 'text') {
    const t = badText(rng, 0);
    text = t.bytes;
    what = t.what;
  } else {
    const changes: string[] = [];
    let value: unknown = config;
    for (let i = 0; i < rng.range(1, 3); i++) {
      if (kind === 'root') {
        value = rng.draw(edgeValue);
        changes.push(`the whole file = ${short(value)}`);
        break;
      }
      if (kind === 'structure') changes.push(mutateJson(config, rng));
      else {
        const field = rng.pick(Object.keys(FIELD_VALUES));
        const v = rng.chance(0.15) ? undefined : rng.pick(FIELD_VALUES[field] ?? []);
        setAt(config, [field], v);
        changes.push(v === undefined ? `${field} missing` : `${field} = ${short(v)}`);
      }
    }
    const t = jsonText(value, rng);
    text = t.text;
    what = changes.join('; ') + t.what;
  }
  const command = loraCommand(rng, './a');
  return {
    what: `${command.what}: ${what}`,
    files: {
      'a/adapter_config.json': text,
      'a/adapter_model.safetensors': { copy: join(zoo, 'adapter_model.safetensors') },
      'd.jsonl': TASK_LINES,
    },
    argv: command.argv,
    ...(command.outputs !== undefined ? { outputs: command.outputs } : {}),
  };
}
