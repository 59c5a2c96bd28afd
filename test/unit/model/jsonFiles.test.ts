import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { readManifest } from '../../../src/core/model/manifest';
import { localModelConfig } from '../../../src/core/model/readFiles';
import { ROOT } from '../helpers';

function folderWith(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'model-lens-json-'));
  writeFileSync(join(dir, name), content);
  return dir;
}

const fails = (code: string, field: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === code && field.test(e.message);

test('config.json: the context comes from the first field present, capped at the largest window', () => {
  assert.deepEqual(localModelConfig(folderWith('config.json', '{"n_positions": 64, "bos_token_id": 0}')), {
    context: 64,
    bosId: 0,
  });
  assert.deepEqual(localModelConfig(folderWith('config.json', '{"max_position_embeddings": 4096}')).context, 1024);
  assert.deepEqual(localModelConfig(folderWith('config.json', '{"bos_token_id": null, "other": [1]}')), {
    context: 1024,
    bosId: undefined,
  });
});

test('config.json: a field of the wrong type is refused, naming the field and the file', () => {
  const dir = folderWith('config.json', '{"n_ctx": "2048"}');
  assert.throws(() => localModelConfig(dir), fails('bad-model', /config\.json: n_ctx: .*number/u));
  assert.throws(
    () => localModelConfig(folderWith('config.json', '{"bos_token_id": -1}')),
    fails('bad-model', /bos_token_id/u),
  );
});

test('the embedded manifest is read and checked; a malformed one names the field', () => {
  const models = readManifest(join(ROOT, 'media', 'models'));
  assert.ok(models.some((m) => m.name === 'lens-lm' && m.context > 0));
  const bad = folderWith('manifest.json', '{"models": [{"name": "x", "task": "causal-lm"}]}');
  assert.throws(() => readManifest(bad), fails('internal', /models\.0\.description/u));
});

test('tokenizer.json and tokenizer_config.json: fields of the wrong type are refused, naming the field', async () => {
  const { spanTokenizer } = await import('../../../src/core/model/tokenizer');
  const good = { model: { type: 'BPE', vocab: { a: 0 }, merges: [] } };
  assert.throws(
    () => spanTokenizer({ ...good, added_tokens: [{ id: 'x', content: 'a' }] }),
    fails('bad-model', /tokenizer\.json: added_tokens\.0\.id/u),
  );
  assert.throws(
    () => spanTokenizer({ model: { type: 'BPE', vocab: { a: 'zero' } } }),
    fails('bad-model', /tokenizer\.json: model\.vocab/u),
  );
  assert.throws(() => spanTokenizer(good, { bos_token: 3 }), fails('bad-model', /tokenizer_config\.json: bos_token/u));
});
