/**
 * @file Numbers are checked: bad inputs built from the zoo adapter media/models/lora-arith (copied to a temporary
 * folder and patched) are refused with the tensor or field named, and no merge result or written file holds NaN or
 * ±Infinity.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { adapter, module } from './build';
import { adaptersCheck } from '../../../src/core/analyses/lora/adapterSet';
import { loraMerge } from '../../../src/core/analyses/lora/merge';
import { loraCosines } from '../../../src/core/analyses/lora/stats';
import { loraConfigParse } from '../../../src/core/formats/peft/adapterConfig';
import { peftRead } from '../../../src/core/formats/peft/readAdapter';
import type { LoraAdapter } from '../../../src/core/formats/peft/types';
import { peftWrite } from '../../../src/core/formats/peft/writeAdapter';
import { LensError } from '../../../src/core/errors';
import { LORA_MERGE_METHODS } from '../../../src/shared/lora';
import { MODELS } from '../helpers';

const ARITH = join(MODELS, 'lora-arith');
const WORDS = join(MODELS, 'lora-words');

/** A copy of lora-arith with its config patched and one F32 value of its first tensor set to `value`. */
function patched(config: (c: Record<string, unknown>) => void = () => undefined, value?: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lens-numbers-')), 'adapter');
  cpSync(ARITH, dir, { recursive: true });
  const configPath = join(dir, 'adapter_config.json');
  const c = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  config(c);
  writeFileSync(configPath, JSON.stringify(c));
  if (value !== undefined) {
    const path = join(dir, 'adapter_model.safetensors');
    const bytes = readFileSync(path);
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { data_offsets: number[] }>;
    const first = Object.entries(header).find(([k]) => k !== '__metadata__');
    assert.ok(first !== undefined);
    bytes.writeFloatLE(value, 8 + n + (first[1].data_offsets[0] ?? 0));
    writeFileSync(path, bytes);
  }
  return dir;
}

const lens = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === code && pattern.test(e.message);

test('NaN, +Infinity and −Infinity in an adapter tensor are refused, naming the tensor and the entry', async () => {
  for (const value of [NaN, Infinity, -Infinity]) {
    await assert.rejects(
      peftRead(patched(undefined, value)),
      lens(
        'bad-model',
        new RegExp(`tensor "base_model\\.model\\..*\\.lora_A\\.weight" holds ${value} at entry 0`, 'u'),
      ),
      String(value),
    );
  }
});

test('lora_alpha must be a finite number above 0 whose scaling float32 holds; r and rank_pattern from 1', async () => {
  for (const alpha of [0, -16, 'x', null]) {
    await assert.rejects(
      peftRead(patched((c) => (c['lora_alpha'] = alpha))),
      lens('bad-model', /"lora_alpha" is .*, not a finite number above 0/u),
      String(alpha),
    );
  }
  await assert.rejects(
    peftRead(patched((c) => (c['alpha_pattern'] = { qkv: 0 }))),
    lens('bad-model', /"alpha_pattern\.qkv" is 0, not a finite number above 0/u),
  );
  await assert.rejects(
    peftRead(patched((c) => (c['lora_alpha'] = 1e308))),
    lens('bad-model', /lora_alpha 1e\+308 and rank 8, a scaling of 1\.25e\+307 that float32 cannot hold/u),
  );
  await assert.rejects(peftRead(patched((c) => (c['r'] = 0))), lens('bad-model', /"r" is 0, not a positive integer/u));
  await assert.rejects(
    peftRead(patched((c) => (c['rank_pattern'] = { qkv: 0 }))),
    lens('bad-model', /"rank_pattern\.qkv" is 0/u),
  );
});

test('adapter_config.json is strict on types: bias, use_rslora, fan_in_fan_out, use_dora, base name', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ bias: 5 }, /"bias" is 5, not "none", "all" or "lora_only"/u],
    [{ bias: 'some' }, /"bias" is "some"/u],
    [{ use_rslora: 'yes' }, /"use_rslora" is "yes", not true or false/u],
    [{ fan_in_fan_out: 'no' }, /"fan_in_fan_out" is "no", not true or false/u],
    [{ use_dora: 'true' }, /"use_dora" is "true", not true or false/u],
    [{ inference_mode: 1 }, /"inference_mode" is 1, not true or false/u],
    [{ lora_dropout: 2 }, /"lora_dropout" is 2, not a number from 0 to 1/u],
    [{ modules_to_save: 'lm_head' }, /"modules_to_save" is "lm_head", not a list of strings/u],
    [{ base_model_name_or_path: 5 }, /"base_model_name_or_path" is 5, not a string/u],
    [{ base_model_name_or_path: ['a'] }, /"base_model_name_or_path" is \["a"\], not a string/u],
  ];
  for (const [config, pattern] of cases)
    assert.throws(() => loraConfigParse(config), lens('bad-model', pattern), JSON.stringify(config));
  const ok = loraConfigParse({ bias: 'none', base_model_name_or_path: null, lora_dropout: 0.05 });
  assert.equal(ok.baseModelNameOrPath, null);
});

test('a null base merges with other nulls, not with a named base (the base check is never skipped)', async () => {
  const unnamed = await peftRead(patched((c) => (c['base_model_name_or_path'] = null)));
  const words = await peftRead(WORDS);
  assert.throws(
    () => adaptersCheck([unnamed, words], [1, 1]),
    lens('bad-input', /Adapter 1 does not say which base model .* \(base_model_name_or_path is null\) .* lora-base/u),
  );
  assert.throws(() => adaptersCheck([words, unnamed], [1, 1]), lens('bad-input', /Adapter 2 does not say/u));
  const other = await peftRead(patched((c) => (c['base_model_name_or_path'] = 'other-base')));
  assert.throws(() => adaptersCheck([other, words], [1, 1]), lens('bad-input', /different base models/u));
  adaptersCheck([unnamed, unnamed], [1, 1]);
});

async function zoo(): Promise<LoraAdapter[]> {
  return [await peftRead(ARITH), await peftRead(WORDS)];
}

test('every merge method of the zoo adapters gives finite factors', async () => {
  const adapters = await zoo();
  for (const method of LORA_MERGE_METHODS) {
    const merged = await loraMerge(method, adapters, { weights: [0.5, 0.5], density: 0.5 });
    for (const m of merged.modules.values())
      assert.ok([...m.a.data, ...m.b.data].every(Number.isFinite), `${method} ${m.name}`);
  }
});

test('a merge whose weights overflow float32 is refused, naming the module; nothing is written', async () => {
  const adapters = await zoo();
  for (const method of ['cat', 'svd', 'ties_svd', 'linear'])
    await assert.rejects(
      () => loraMerge(method, adapters, { weights: [1e300, 1e300] }),
      lens('bad-input', new RegExp(`The ${method} merge gives (NaN|-?Infinity) in lora_[AB] of module blocks\\.`, 'u')),
      method,
    );
  await assert.rejects(
    () => loraMerge('cat', adapters, { weights: [NaN, 1] }),
    lens('bad-input', /must all be finite numbers/u),
  );
});

test('densities outside (0, 1] and rank 0 are refused by the merges that read them', async () => {
  const adapters = await zoo();
  for (const method of ['ties', 'dare_linear', 'dare_ties', 'magnitude_prune', 'ties_svd'])
    for (const density of [0, -0.1, 1.01, NaN])
      await assert.rejects(
        () => loraMerge(method, adapters, { weights: [1, 1], density }),
        lens('bad-input', /Density .* is not usable/u),
        `${method} ${density}`,
      );
  for (const method of ['svd', 'ties_svd', 'task_arithmetic'])
    for (const rank of [0, -1, 1.5])
      await assert.rejects(
        () => loraMerge(method, adapters, { weights: [1, 1], rank }),
        lens('bad-input', /Rank .* is not usable/u),
        `${method} ${rank}`,
      );
});

test('peftWrite refuses non-finite factors, and F16 values that would overflow to Infinity', async () => {
  const out = () => join(mkdtempSync(join(tmpdir(), 'lens-numbers-out-')), 'merged');
  const bad = adapter([module('q_proj', [[1, NaN]], [[1]], 1)]);
  await assert.rejects(peftWrite(out(), bad), lens('bad-input', /holds NaN at entry 1, which is not a finite F32/u));
  const big = { ...adapter([module('q_proj', [[1, 70000]], [[1]], 1)]), dtype: 'F16' as const };
  await assert.rejects(peftWrite(out(), big), lens('bad-input', /holds 70000 at entry 1, which is not a finite F16/u));
  const fits = { ...adapter([module('q_proj', [[1, 65504]], [[1]], 1)]), dtype: 'F16' as const };
  await peftWrite(out(), fits);
});

test('stats refuse updates whose inner product overflows instead of printing null cosines', () => {
  // A scaling of 1e300 (peftRead refuses it; this checks the guard behind it): s² = 1e600 overflows float64.
  const huge = adapter([module('q_proj', [[2]], [[3]], 1e300)]);
  assert.throws(() => loraCosines([huge, huge]), lens('bad-input', /too large to compare .* Infinity/u));
});
