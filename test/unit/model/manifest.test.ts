import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readManifest } from '../../../src/core/model/manifest';
import { MODELS } from '../helpers';

interface Card {
  parameters: number;
  trainingTokens: number;
  metrics: {
    code: { bitsPerByte: number; unigramBitsPerByte: number };
    prose: { bitsPerByte: number; unigramBitsPerByte: number };
    copy: { firstOccurrenceBitsPerByte: number; repeatBitsPerByte: number };
  };
}

test('every embedded file matches the sha256 the manifest records', () => {
  for (const model of readManifest(MODELS)) {
    for (const [file, sha] of Object.entries(model.sha256)) {
      const actual = createHash('sha256')
        .update(readFileSync(join(MODELS, model.dir, file)))
        .digest('hex');
      assert.equal(actual, sha, `${model.name}/${file}`);
    }
  }
});

// The budget that keeps the extension's package small: 43 MiB (lens-lm's two graphs are 15.3 MB of it; the copy and
// mixture-of-experts models, 2.9 MB, took it past 25 MiB; lens-gpt2 and lens-llama, 12.8 MB, mostly GPT-2's
// 50,257-row embedding in float16, past 30 MiB).
test('the ONNX files of the zoo stay within 43 MB in all', () => {
  let total = 0;
  for (const model of readManifest(MODELS)) {
    for (const file of Object.keys(model.sha256).filter((f) => f.endsWith('.onnx')))
      total += statSync(join(MODELS, model.dir, file)).size;
  }
  assert.ok(total <= 43 * 1024 * 1024, `${total} bytes`);
});

test('lens-lm card: at least 4 layers, beats its unigram baseline clearly, and copies from context', () => {
  const card = JSON.parse(readFileSync(join(MODELS, 'lens-lm', 'model-card.json'), 'utf8')) as Card & {
    architecture: { layers: number };
  };
  assert.ok(card.architecture.layers >= 4);
  assert.ok(card.parameters > 1e6 && card.trainingTokens > 1e6);
  for (const kind of ['code', 'prose'] as const) {
    const m = card.metrics[kind];
    assert.ok(m.bitsPerByte < m.unigramBitsPerByte - 1, `${kind}: ${m.bitsPerByte} vs unigram ${m.unigramBitsPerByte}`);
  }
  const c = card.metrics.copy;
  assert.ok(
    c.repeatBitsPerByte <= c.firstOccurrenceBitsPerByte - 2,
    `repeat ${c.repeatBitsPerByte} vs first ${c.firstOccurrenceBitsPerByte}`,
  );
});
