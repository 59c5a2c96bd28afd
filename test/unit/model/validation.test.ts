/**
 * @file Model folders built from the lens-lm files with one thing broken: tokenizer.json fields of the wrong type,
 * a tokenizer the library refuses, a tokenizer with more ids than the model scores, JSON nested too deep. Each is a
 * bad-model LensError (exit 2) with a message, never an unexpected error.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { loadModel } from '../../../src/core/model/loadModel';
import { localModelConfig, readJson, readTokenizer } from '../../../src/core/model/readFiles';
import { spanTokenizer } from '../../../src/core/model/tokenizer';
import { MODELS, quiet } from '../helpers';

const LENS = join(MODELS, 'lens-lm');
const tokenizerJson = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(LENS, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
const lens = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === code && pattern.test(e.message);

/** A local model folder: lens-lm's graph, config and tokenizer, the tokenizer patched by `patch`. */
function folder(patch: (t: Record<string, unknown>) => void = () => undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'lens-model-'));
  cpSync(join(LENS, 'onnx', 'model.onnx'), join(dir, 'model.onnx'));
  for (const f of ['config.json', 'tokenizer_config.json']) cpSync(join(LENS, f), join(dir, f));
  const t = tokenizerJson();
  patch(t);
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(t));
  return dir;
}

test('tokenizer.json fields of the wrong type are named', () => {
  const cases: [(t: Record<string, unknown>) => void, RegExp][] = [
    [(t) => ((t['added_tokens'] as Record<string, unknown>[])[0]!['special'] = 'yes'), /added_tokens\.0\.special/u],
    [(t) => ((t['pre_tokenizer'] as Record<string, unknown>)['add_prefix_space'] = 5), /pre_tokenizer\.add_prefix/u],
    [(t) => ((t['decoder'] as Record<string, unknown>)['type'] = 7), /decoder\.type/u],
    [(t) => ((t['model'] as Record<string, unknown>)['unk_token'] = 3), /model\.unk_token/u],
    [(t) => ((t['model'] as Record<string, unknown>)['byte_fallback'] = 'no'), /model\.byte_fallback/u],
    [(t) => (t['normalizer'] = { type: 'Sequence', normalizers: [{ lowercase: true }] }), /normalizer\.normalizers/u],
  ];
  for (const [patch, pattern] of cases) {
    const t = tokenizerJson();
    patch(t);
    assert.throws(() => spanTokenizer(t), lens('bad-model', pattern), pattern.source);
  }
});

test('a tokenizer.json the library refuses is bad-model at load, not an unexpected error later', () => {
  const t = tokenizerJson();
  t['decoder'] = { type: 'Nope' };
  assert.throws(
    () => spanTokenizer(t),
    lens('bad-model', /tokenizer library refuses it \(Unknown Decoder type: Nope\)/u),
  );
  const bare = { model: { type: 'BPE', vocab: {} } };
  assert.throws(() => spanTokenizer(bare), lens('bad-model', /tokenizer library refuses it/u));
});

test('vocabSize is the largest id + 1; a model scoring fewer ids than its tokenizer gives is refused', async () => {
  assert.equal(readTokenizer(LENS).vocabSize, 257);
  const dir = folder((t) =>
    (t['added_tokens'] as unknown[]).push({ id: 300, content: 'zzzz', special: false, normalized: false }),
  );
  assert.equal(readTokenizer(dir).vocabSize, 301);
  await assert.rejects(
    loadModel(dir, { modelsDir: MODELS, device: 'cpu', log: quiet }),
    lens('bad-model', /scores 257 tokens, but its tokenizer\.json gives ids up to 300/u),
  );
  const ok = await loadModel(folder(), { modelsDir: MODELS, device: 'cpu', log: quiet });
  await ok.dispose();
});

test('model JSON files deeper or larger than the limits are refused with the limit named', () => {
  const dir = folder();
  writeFileSync(join(dir, 'config.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  assert.throws(() => localModelConfig(dir), lens('bad-model', /config\.json nests .* the JSON depth limit of 128/u));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ pad: 'x'.repeat(2000) }));
  assert.throws(
    () => readJson(join(dir, 'config.json'), undefined, { maxBytes: 1000 }),
    lens('bad-model', /config\.json is \d+ bytes, more than the JSON size limit of 1000 bytes/u),
  );
  writeFileSync(join(dir, 'tokenizer.json'), '{"model": ');
  assert.throws(() => readTokenizer(dir), lens('bad-model', /tokenizer\.json is not JSON/u));
});
