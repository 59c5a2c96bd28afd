/**
 * @file The model-file inspector on each format: zoo ONNX models (totals against the PyTorch state dict, experts
 * against the config's sizes, exposed outputs), safetensors and GGUF files written here (experts, metadata), a
 * PEFT folder, and files of several gigabytes made sparse (only headers written) that must be read from headers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { peftWrite } from '../../../src/core/formats/peft/writeAdapter';
import { safetensorsWrite } from '../../../src/core/formats/safetensors/writeSafetensors';
import type { Tensor } from '../../../src/core/formats/safetensors/types';
import { inspectModelFile } from '../../../src/core/inspect/index';
import { FIXTURES, MODELS } from '../helpers';
import { adapter, module } from '../lora/build';
import { ggufHeader, writeGguf } from './ggufWriter';

const dir = mkdtempSync(join(tmpdir(), 'lens-inspect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const f32 = (...shape: number[]): Tensor => ({
  dtype: 'F32',
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
});

describe('inspectModelFile: ONNX', () => {
  it('counts lens-lm: the state dict plus the exported copy of the tied head', async () => {
    const r = await inspectModelFile(join(MODELS, 'lens-lm', 'onnx', 'model.onnx'));
    const state = JSON.parse(readFileSync(join(FIXTURES, 'inspect', 'lens-lm-state.json'), 'utf8')) as {
      params: number;
      tensors: number;
    };
    const config = JSON.parse(readFileSync(join(MODELS, 'lens-lm', 'config.json'), 'utf8')) as Record<string, number>;
    const head = (config['n_embd'] ?? 0) * (config['vocab_size'] ?? 0);
    assert.equal(r.format, 'onnx');
    assert.equal(r.params.total, state.params + head);
    assert.equal(r.tensors, state.tensors + 1);
    const tops = r.tree.filter((t) => t.depth === 0).reduce((n, t) => n + t.params, 0);
    assert.equal(tops, r.params.total);
    const onnx = r.onnx;
    assert.ok(onnx !== undefined);
    assert.deepEqual(onnx.inputs.map((i) => i.name).slice(0, 3), ['input_ids', 'attention_mask', 'position_ids']);
    assert.equal(onnx.exposed.presentKeyValues, 2 * (config['n_layer'] ?? 0));
    assert.equal(onnx.exposed.logits, true);
    assert.ok(
      onnx.groups.some((g) => g.id === 'blocks.3'),
      onnx.groups.map((g) => g.id).join(' '),
    );
    assert.ok(onnx.groups.length < 20 && onnx.nodes > 500);
    assert.deepEqual(r.routes, ['surprisal', 'dependencies']);
  });

  it('sees the analysis graph expose attentions and hidden states', async () => {
    const r = await inspectModelFile(join(MODELS, 'lens-lm', 'lens-lm.analysis.onnx'));
    assert.equal(r.onnx?.exposed.attentions, 4);
    assert.equal(r.onnx?.exposed.hiddenStates, 5);
  });

  it('counts active parameters of a zoo mixture of experts from its config', async () => {
    const path = join(MODELS, 'moe-paths-e4', 'model.onnx');
    const config = JSON.parse(readFileSync(join(MODELS, 'moe-paths-e4', 'config.json'), 'utf8')) as Record<
      string,
      number
    >;
    const { d = 0, ffn = 0, experts = 0, topK = 0, layers = 0 } = config;
    // One expert: W1 [d × ffn] + b1 [ffn] + W2 [ffn × d] + b2 [d].
    const expert = d * ffn + ffn + ffn * d + d;
    const r = await inspectModelFile(path);
    assert.deepEqual(r.params.experts, { count: experts, topK, expertParams: layers * experts * expert, layers });
    assert.equal(r.params.active, r.params.total - layers * (experts - topK) * expert);
    assert.equal(r.onnx?.exposed.routerLogits, layers);
    assert.deepEqual(r.routes, ['surprisal', 'dependencies', 'routing']);
  });
});

describe('inspectModelFile: safetensors, PEFT', () => {
  it('builds the tree and counts Mixtral-style experts with top-k from config.json', async () => {
    const sub = mkdtempSync(join(dir, 'moe-'));
    const tensors = new Map<string, Tensor>([['model.embed_tokens.weight', f32(10, 4)]]);
    for (let e = 0; e < 4; e++) tensors.set(`model.layers.0.block_sparse_moe.experts.${e}.w1.weight`, f32(6, 4));
    tensors.set('model.layers.0.block_sparse_moe.gate.weight', f32(4, 4));
    await safetensorsWrite(join(sub, 'model.safetensors'), tensors, { format: 'pt' });
    writeFileSync(join(sub, 'config.json'), JSON.stringify({ num_local_experts: 4, num_experts_per_tok: 1 }));
    const r = await inspectModelFile(join(sub, 'model.safetensors'));
    assert.equal(r.params.total, 40 + 4 * 24 + 16);
    assert.equal(r.params.active, 40 + 24 + 16);
    assert.deepEqual(r.metadata, [{ key: 'format', value: 'pt' }]);
    const layer = r.tree.find((t) => t.path === 'model.layers.0');
    assert.equal(layer?.params, 4 * 24 + 16);
    const leaf = r.tree.find((t) => t.path === 'model.layers.0.block_sparse_moe.experts.3.w1.weight');
    assert.deepEqual([leaf?.dtype, leaf?.shape, leaf?.bytes], ['F32', [6, 4], 96]);
    assert.equal(r.tree[leaf?.parent ?? 0]?.path, 'model.layers.0.block_sparse_moe.experts.3.w1');
  });

  it('lists a PEFT adapter’s ranks, alphas and targets', async () => {
    const r = await inspectModelFile(join(MODELS, 'lora-words'));
    const config = JSON.parse(readFileSync(join(MODELS, 'lora-words', 'adapter_config.json'), 'utf8')) as {
      r: number;
      lora_alpha: number;
      target_modules: string[];
    };
    assert.equal(r.format, 'peft');
    assert.deepEqual(r.lora?.targetModules, config.target_modules);
    assert.ok((r.lora?.modules.length ?? 0) > 0);
    for (const m of r.lora?.modules ?? []) {
      assert.equal(m.rank, config.r);
      assert.equal(m.scaling, config.lora_alpha / config.r);
      assert.equal(m.params, m.rank * (m.inFeatures + m.outFeatures));
    }
    assert.deepEqual(r.routes, ['lora']);
    const viaConfig = await inspectModelFile(join(MODELS, 'lora-words', 'adapter_config.json'));
    assert.equal(viaConfig.params.total, r.params.total);
  });
});

describe('inspectModelFile: a PEFT adapter written with per-module ranks', () => {
  it('reads each module’s rank from lora_A and its alpha from alpha_pattern', async () => {
    const sub = join(dir, 'adapter');
    const ones = (rows: number, cols: number) => Array.from({ length: rows }, () => Array<number>(cols).fill(0.5));
    const q = module('model.layers.0.self_attn.q_proj', ones(4, 6), ones(5, 4), 8);
    const v = module('model.layers.1.self_attn.v_proj', ones(2, 6), ones(3, 2), 6);
    await peftWrite(sub, adapter([q, v], { rankPattern: { v_proj: 2 }, alphaPattern: { v_proj: 6 } }));
    const r = await inspectModelFile(sub);
    const rows = r.lora?.modules.map((m) => [m.module, m.rank, m.alpha, m.scaling, m.inFeatures, m.outFeatures]);
    assert.deepEqual(rows, [
      ['model.layers.0.self_attn.q_proj', 4, 8, 2, 6, 5],
      ['model.layers.1.self_attn.v_proj', 2, 6, 3, 6, 3],
    ]);
    assert.equal(r.params.total, 4 * 6 + 5 * 4 + 2 * 6 + 3 * 2);
    assert.deepEqual(r.lora?.targetModules, ['q_proj', 'v_proj']);
  });
});

describe('inspectModelFile: a PEFT adapter written by an independent writer', () => {
  it('gives each module the rank, alpha and rsLoRA scaling the fixture lists', async () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'lora', 'tiny-adapter.expected.json'), 'utf8')) as Record<
      string,
      { rank: number; alpha: number; scaling: number; a: number[]; b: number[] }
    >;
    const r = await inspectModelFile(join(FIXTURES, 'lora', 'tiny-adapter'));
    assert.deepEqual(r.lora?.modules.map((m) => m.module).sort(), Object.keys(expected).sort());
    for (const m of r.lora?.modules ?? []) {
      const e = expected[m.module];
      assert.ok(e !== undefined);
      assert.deepEqual([m.rank, m.alpha], [e.rank, e.alpha], m.module);
      assert.ok(Math.abs(m.scaling - e.scaling) < 1e-12, `${m.module}: ${m.scaling} vs ${e.scaling}`);
      assert.deepEqual([m.inFeatures, m.outFeatures], [e.a.length / e.rank, e.b.length / e.rank], m.module);
    }
  });
});

const GIB = 2 ** 30;

describe('inspectModelFile: files of many gigabytes, from headers', () => {
  it('reads a 6 GiB safetensors file from its header', async () => {
    const path = join(dir, 'big.safetensors');
    const n = 6 * GIB;
    // Two F16 tensors [rows × 4096] tiling the data; the header is padded with spaces to fill the rest.
    const rows = 393_215;
    const half = rows * 4096 * 2;
    const header = JSON.stringify({
      'a.weight': { dtype: 'F16', shape: [rows, 4096], data_offsets: [0, half] },
      'b.weight': { dtype: 'F16', shape: [rows, 4096], data_offsets: [half, 2 * half] },
    }).padEnd(n - 8 - 2 * half, ' ');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    const { open } = await import('node:fs/promises');
    const handle = await open(path, 'w');
    await handle.write(Buffer.concat([len, Buffer.from(header)]), 0, 8 + header.length, 0);
    await handle.truncate(n);
    await handle.close();
    const start = performance.now();
    const r = await inspectModelFile(path);
    console.log(`6 GiB safetensors inspected in ${(performance.now() - start).toFixed(0)} ms`);
    assert.equal(r.fileBytes, n);
    assert.equal(r.params.total, 2 * rows * 4096);
  });

  it('reads a 6.4 GiB GGUF file from its header, with experts from its metadata', async () => {
    const path = join(dir, 'big.gguf');
    const [d, ff, e] = [4096, 14336, 8];
    const expBytes = d * ff * e * 2; // F16
    const embBytes = d * 32000 * 2;
    const layers = 7;
    const tensors = [{ name: 'token_embd.weight', dims: [d, 32000], type: 1, offset: 0 }];
    for (let l = 0; l < layers; l++)
      tensors.push({ name: `blk.${l}.ffn_up_exps.weight`, dims: [d, ff, e], type: 1, offset: embBytes + l * expBytes });
    // The head in Q4_K (type 12): blocks of 256 elements in 144 bytes.
    const headBytes = ((d * 32000) / 256) * 144;
    tensors.push({ name: 'output.weight', dims: [d, 32000], type: 12, offset: embBytes + layers * expBytes });
    const kv = {
      'general.architecture': 'llama',
      'general.name': 'sparse test',
      'llama.expert_count': e,
      'llama.expert_used_count': 2,
    };
    const header = ggufHeader(kv, tensors);
    const dataBytes = embBytes + layers * expBytes + headBytes;
    await writeGguf(path, header, dataBytes);
    const start = performance.now();
    const r = await inspectModelFile(path);
    console.log(
      `${((header.length + dataBytes) / GIB).toFixed(1)} GiB GGUF inspected in ` +
        `${(performance.now() - start).toFixed(0)} ms`,
    );
    assert.ok(header.length + dataBytes > 6 * GIB);
    assert.equal(r.format, 'gguf');
    const total = 2 * d * 32000 + layers * d * ff * e;
    assert.equal(r.params.total, total);
    assert.equal(r.params.active, total - layers * (e - 2) * d * ff);
    assert.equal(r.tree.find((t) => t.path === 'blk.6.ffn_up_exps.weight')?.bytes, expBytes);
    assert.equal(r.tree.find((t) => t.path === 'blk.0.ffn_up_exps.weight')?.dtype, 'F16');
    const head = r.tree.find((t) => t.path === 'output.weight');
    assert.deepEqual([head?.dtype, head?.bytes, head?.params], ['Q4_K', headBytes, d * 32000]);
    assert.ok(r.metadata.some((m) => m.key === 'general.name' && m.value === '"sparse test"'));
  });
});
