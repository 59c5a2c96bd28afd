import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { adapter, delta, module, near } from './build';
import { moduleRankAlpha, moduleTargeted, patternKey } from '../../../src/core/formats/peft/patterns';
import { peftRead } from '../../../src/core/formats/peft/readAdapter';
import { peftWrite } from '../../../src/core/formats/peft/writeAdapter';
import { loraConfigParse } from '../../../src/core/formats/peft/adapterConfig';
import { safetensorsRead } from '../../../src/core/formats/safetensors/readSafetensors';
import { safetensorsWrite } from '../../../src/core/formats/safetensors/writeSafetensors';
import { LensError } from '../../../src/core/errors';
import { FIXTURES } from '../helpers';

const tmp = () => mkdtempSync(join(tmpdir(), 'lens-peft-'));
const TINY = join(FIXTURES, 'lora', 'tiny-adapter');

interface Expected {
  rank: number;
  alpha: number;
  scaling: number;
  a: number[];
  b: number[];
  delta: number[];
}

test(
  'an adapter folder written by an independent (numpy) writer is read: F16 factors, rank/alpha patterns, ' +
    'rsLoRA scaling',
  async () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'lora', 'tiny-adapter.expected.json'), 'utf8')) as Record<
      string,
      Expected
    >;
    const a = await peftRead(TINY);
    assert.equal(a.dtype, 'F16');
    assert.equal(a.config.useRslora, true);
    assert.equal(a.config.baseModelNameOrPath, 'tiny-base');
    assert.deepEqual([...a.modules.keys()], Object.keys(expected).sort());
    for (const [name, e] of Object.entries(expected)) {
      const m = a.modules.get(name);
      assert.ok(m !== undefined, name);
      assert.equal(m.rank, e.rank, `${name} rank`);
      assert.equal(m.alpha, e.alpha, `${name} alpha`);
      near([m.scaling], [e.scaling], 1e-12, `${name} scaling = alpha/√r`);
      near(m.a.data, e.a, 0, `${name} A`);
      near(m.b.data, e.b, 0, `${name} B`);
      near(delta(m), e.delta, 1e-5, `${name} ΔW`);
    }
  },
);

test('written then read back: same tensors and config, loadable names, in F16 as read', async () => {
  const original = await peftRead(TINY);
  const dir = join(tmp(), 'copy');
  await peftWrite(dir, original);
  assert.deepEqual(readdirSync(dir).sort(), ['adapter_config.json', 'adapter_model.safetensors']);
  const back = await peftRead(dir);
  assert.deepEqual([...back.modules.keys()], [...original.modules.keys()]);
  for (const [name, m] of original.modules) {
    const b = back.modules.get(name);
    assert.ok(b !== undefined);
    assert.deepEqual([b.rank, b.alpha, b.scaling], [m.rank, m.alpha, m.scaling], name);
    assert.deepEqual(Array.from(b.a.data), Array.from(m.a.data), `${name} A`);
    assert.deepEqual(Array.from(b.b.data), Array.from(m.b.data), `${name} B`);
  }
  const json = JSON.parse(readFileSync(join(dir, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), [...Object.keys(json)].sort(), 'keys sorted as PEFT writes them');
  assert.equal(json['peft_type'], 'LORA');
  assert.equal(json['r'], 2);
  assert.equal(json['lora_alpha'], 4);
  assert.equal(json['use_rslora'], true);
  assert.equal(json['lora_dropout'], 0.05, 'keys not interpreted are carried through');
  assert.deepEqual(json['target_modules'], ['q_proj', 'v_proj']);
  assert.deepEqual(json['rank_pattern'], { 'model.layers.1.self_attn.q_proj': 3 });
  assert.deepEqual(json['alpha_pattern'], {
    'model.layers.0.self_attn.v_proj': 6,
    'model.layers.1.self_attn.v_proj': 6,
  });
  const file = await safetensorsRead(join(dir, 'adapter_model.safetensors'));
  assert.deepEqual(file.metadata, { format: 'pt' });
  assert.ok(file.tensors.has('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight'));
  assert.deepEqual(file.tensors.get('base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight')?.shape, [5, 3]);
});

test('writing over an existing folder (even an empty one) is refused, and nothing is left behind', async () => {
  const root = tmp();
  const dir = join(root, 'taken');
  mkdirSync(dir);
  const a = adapter([module('model.layers.0.self_attn.q_proj', [[1, 2]], [[1], [0]], 2)]);
  await assert.rejects(
    peftWrite(dir, a),
    (e: unknown) =>
      e instanceof LensError && e.code === 'bad-input' && /already exists.*never writes over/.test(e.message),
  );
  assert.deepEqual(readdirSync(dir), []);
  assert.deepEqual(readdirSync(root), ['taken'], 'no temporary folder remains');
  const fresh = join(root, 'nested', 'new');
  await peftWrite(fresh, a);
  const back = await peftRead(fresh);
  near(back.modules.get('model.layers.0.self_attn.q_proj')?.a.data ?? [], [1, 2], 0, 'A');
});

test('pattern keys follow PEFT: (.*\\.)?(key)$ against the module name, first match wins', () => {
  assert.equal(patternKey({ q_proj: 4 }, 'model.layers.0.self_attn.q_proj'), 'q_proj');
  assert.equal(
    patternKey({ q_proj: 4 }, 'model.layers.0.self_attn.xq_proj'),
    undefined,
    'a suffix must start at a dot',
  );
  assert.equal(patternKey({ 'layers.1.self_attn.q_proj': 4 }, 'model.layers.11.self_attn.q_proj'), undefined);
  assert.equal(
    patternKey({ 'model.layers.0.self_attn.q_proj': 4 }, 'model.layers.0.self_attn.q_proj'),
    'model.layers.0.self_attn.q_proj',
  );
  const c = loraConfigParse({
    peft_type: 'LORA',
    r: 8,
    lora_alpha: 16,
    target_modules: ['q_proj'],
    rank_pattern: { '.*\\.0\\..*q_proj': 2 },
    alpha_pattern: { q_proj: 3 },
  });
  assert.deepEqual(moduleRankAlpha(c, 'model.layers.0.attn.q_proj'), { rank: 2, alpha: 3 });
  assert.deepEqual(moduleRankAlpha(c, 'model.layers.1.attn.q_proj'), { rank: 8, alpha: 3 });
  assert.equal(moduleTargeted(c, 'model.layers.1.attn.q_proj'), true);
  assert.equal(moduleTargeted(c, 'model.layers.1.attn.k_proj'), false);
  assert.equal(
    moduleTargeted(loraConfigParse({ target_modules: '.*attn\\.(q|v)_proj' }), 'model.layers.1.attn.v_proj'),
    true,
  );
});

test('bad adapters are refused with messages saying what to do', async () => {
  const root = tmp();
  await assert.rejects(peftRead(join(root, 'nope')), /does not exist/);
  mkdirSync(join(root, 'empty'));
  await assert.rejects(
    peftRead(join(root, 'empty')),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input' && /has no adapter_config\.json/.test(e.message),
  );
  const dir = join(root, 'mismatch');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'adapter_config.json'),
    JSON.stringify({ peft_type: 'LORA', r: 4, lora_alpha: 8, target_modules: ['q_proj'] }),
  );
  await assert.rejects(peftRead(dir), /has no adapter_model\.safetensors/);
  await safetensorsWrite(
    join(dir, 'adapter_model.safetensors'),
    new Map([
      ['base_model.model.layers.0.q_proj.lora_A.weight', { dtype: 'F32', shape: [2, 3], data: new Float32Array(6) }],
      ['base_model.model.layers.0.q_proj.lora_B.weight', { dtype: 'F32', shape: [3, 2], data: new Float32Array(6) }],
    ]),
  );
  await assert.rejects(
    peftRead(dir),
    (e: unknown) => e instanceof LensError && e.code === 'bad-model' && /config gives it rank 4/.test(e.message),
  );
  assert.throws(() => loraConfigParse({ peft_type: 'IA3' }), /LoRA adapters only/);
  assert.throws(() => loraConfigParse({ peft_type: 'LORA', use_dora: true }), /DoRA/);
  assert.throws(() => loraConfigParse({ peft_type: 'LORA', r: 0 }), /"r" is 0, not a positive integer/);
});

test('a module outside target_modules, or a lone factor, is refused', async () => {
  const dir = join(tmp(), 'odd');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'adapter_config.json'),
    JSON.stringify({ peft_type: 'LORA', r: 1, lora_alpha: 1, target_modules: ['v_proj'] }),
  );
  await safetensorsWrite(
    join(dir, 'adapter_model.safetensors'),
    new Map([
      ['base_model.model.layers.0.q_proj.lora_A.weight', { dtype: 'F32', shape: [1, 2], data: new Float32Array(2) }],
      ['base_model.model.layers.0.q_proj.lora_B.weight', { dtype: 'F32', shape: [2, 1], data: new Float32Array(2) }],
    ]),
  );
  await assert.rejects(peftRead(dir), /target_modules \["v_proj"\] does not name it/);
  const lone = join(tmp(), 'lone');
  mkdirSync(lone);
  writeFileSync(
    join(lone, 'adapter_config.json'),
    JSON.stringify({ peft_type: 'LORA', r: 1, lora_alpha: 1, target_modules: ['q_proj'] }),
  );
  await safetensorsWrite(
    join(lone, 'adapter_model.safetensors'),
    new Map([
      ['base_model.model.layers.0.q_proj.lora_A.weight', { dtype: 'F32', shape: [1, 2], data: new Float32Array(2) }],
    ]),
  );
  await assert.rejects(peftRead(lone), /lora_B\.weight missing/);
});
