/**
 * @file `model-lens inspect`: the report as JSON (checked by its schema, the same the panel reads), the text
 * summary, and exit 2 with one line for bad input.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { InspectReportSchema } from '../../../src/shared/inspect';
import { check } from '../../../src/shared/schema';
import { cliRefuses, ensureBuilt, MODELS, runCli } from '../helpers';

before(() => ensureBuilt());

test('inspect <model.onnx> --json prints a report the panel accepts', () => {
  const r = runCli('inspect', join(MODELS, 'moe-paths-e4', 'model.onnx'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const checked = check(InspectReportSchema, JSON.parse(r.stdout));
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  assert.equal(checked.value.format, 'onnx');
  assert.equal(checked.value.onnx?.exposed.routerLogits, 2);
});

test('inspect <adapter folder> prints the summary with LoRA ranks', () => {
  const r = runCli('inspect', join(MODELS, 'lora-words'));
  assert.equal(r.status, 0, r.stderr);
  const config = JSON.parse(readFileSync(join(MODELS, 'lora-words', 'adapter_config.json'), 'utf8')) as { r: number };
  assert.match(r.stdout, /: peft, [\d.]+ KiB, 24 tensors\n/u);
  assert.match(r.stdout, new RegExp(`LoRA: r ${config.r}, alpha `, 'u'));
  assert.match(r.stdout, new RegExp(`blocks\\.0\\.qkv: rank ${config.r}, 96 → 288`, 'u'));
});

test('inspect refuses bad input with exit 2 and one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-inspect-cli-'));
  writeFileSync(join(dir, 'broken.gguf'), 'GGUF');
  cliRefuses(['inspect'], /inspect takes one model file or adapter folder/u);
  cliRefuses(['inspect', join(dir, 'none.safetensors')], /does not exist/u);
  cliRefuses(['inspect', join(dir, 'broken.gguf')], /not a valid GGUF file/u);
});
