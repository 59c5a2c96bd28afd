import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTokenizer } from '../../../src/core/model/readFiles';
import { MODELS } from '../helpers';

const tok = readTokenizer(join(MODELS, 'lens-lm'));

test('lens-lm tokenizer.json gives one token per UTF-8 byte, ids equal to byte values', () => {
  const text = 'Café ☕ 🚀 x';
  const spans = tok.encode(text);
  assert.deepEqual(
    spans.map((s) => s.id),
    [...new TextEncoder().encode(text)],
  );
});

test('token ranges are UTF-16 offsets covering whole characters (multi-byte and emoji)', () => {
  const text = 'aé🚀b';
  const spans = tok.encode(text).map((s) => [s.start, s.end]);
  // a | é é | 🚀 🚀 🚀 🚀 | b   (🚀 is a surrogate pair: two UTF-16 units)
  assert.deepEqual(spans, [
    [0, 1],
    [1, 2],
    [1, 2],
    [2, 4],
    [2, 4],
    [2, 4],
    [2, 4],
    [4, 5],
  ]);
  assert.equal(text.slice(2, 4), '🚀');
});

test('decode round-trips the encoded ids', () => {
  const text = 'const s = "naïve 🚀";\n';
  assert.equal(tok.decode(tok.encode(text).map((s) => s.id)), text);
});
