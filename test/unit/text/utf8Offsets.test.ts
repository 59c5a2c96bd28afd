import assert from 'node:assert/strict';
import { test } from 'node:test';
import { utf8Offsets } from '../../../src/core/text/utf8Offsets';
import { decodeText, requireText } from '../../../src/core/text/decodeText';
import { LensError } from '../../../src/core/errors';

test('maps each UTF-8 byte to the UTF-16 range of its character (hand-worked)', () => {
  // a (1 byte, 1 unit) é (2 bytes, 1 unit) 😀 (4 bytes, 2 units) b (1 byte, 1 unit)
  const m = utf8Offsets('aé😀b');
  assert.equal(m.length, 8);
  assert.deepEqual([...m.charStart], [0, 1, 1, 2, 2, 2, 2, 4]);
  assert.deepEqual([...m.charEnd], [1, 2, 2, 4, 4, 4, 4, 5]);
});

test('byte count equals TextEncoder for mixed scripts, including a lone surrogate', () => {
  for (const s of ['', 'plain', 'Café ☕ and 🚀', '日本語テキスト', 'x\uD800y']) {
    assert.equal(utf8Offsets(s).length, new TextEncoder().encode(s).length, s);
  }
});

test('decodeText refuses NUL bytes and invalid UTF-8 with binary-file', () => {
  assert.throws(
    () => decodeText(Uint8Array.from([104, 0, 105])),
    (e) => e instanceof LensError && e.code === 'binary-file',
  );
  assert.throws(
    () => decodeText(Uint8Array.from([0xc3, 0x28])),
    (e) => e instanceof LensError && e.code === 'binary-file',
  );
  assert.equal(decodeText(new TextEncoder().encode('Café')), 'Café');
});

test('requireText refuses empty text with empty-input', () => {
  assert.throws(
    () => requireText(''),
    (e) => e instanceof LensError && e.code === 'empty-input' && /empty/u.test(e.message),
  );
  assert.doesNotThrow(() => requireText(' '));
});
