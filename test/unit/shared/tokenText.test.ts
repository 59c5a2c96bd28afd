import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteToken, showToken } from '../../../src/shared/tokenText';

test('showToken keeps quotes, triple quotes and case as they are in the file', () => {
  assert.equal(showToken('"'), '"');
  assert.equal(showToken('"""'), '"""');
  assert.equal(showToken('y'), 'y');
  assert.equal(showToken("it's"), "it's");
});

test('showToken makes line breaks, tabs, control characters and space-only tokens visible', () => {
  assert.equal(showToken('\n'), '↵');
  assert.equal(showToken('\r\n'), '␍↵');
  assert.equal(showToken('\tx'), '⇥x');
  assert.equal(showToken('\u0007'), '<0x07>');
  assert.equal(showToken('   '), '␣␣␣');
  assert.equal(showToken(' x'), ' x');
});

test('showToken cuts long tokens by characters, never inside a surrogate pair', () => {
  assert.equal(showToken('abcdef', 4), 'abc…');
  assert.equal(showToken('🚀🚀🚀', 2), '🚀…');
  assert.equal(showToken('abcd', 4), 'abcd');
});

test('byteToken writes a byte as two upper-case hex digits', () => {
  assert.equal(byteToken(0xe2), '<0xE2>');
  assert.equal(byteToken(7), '<0x07>');
});
