import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyBound, stateBitsOf, vacuousBelow } from '../../../src/core/analyses/copying/bound';

test('the bound of a fixed-state model against 1 − |S|/D^L worked by hand', () => {
  // |S| = 2^4 states, D = 4 symbols: D^L = 4^3 = 64 strings of length 3, at most 16 copied: 1/4.
  assert.equal(copyBound(4, 3, 4), 0.25);
  // Length 2: 16 strings, 16 states: every string can be told apart.
  assert.equal(copyBound(4, 2, 4), 1);
  // Binary strings of length 10 with a 6-bit state: 2^6 / 2^10.
  assert.equal(copyBound(6, 10, 2), 1 / 16);
  // 26 letters, 64 bits: below 64 / log2 26 = 13.6 the bound says nothing; at 20, 2^64 / 26^20.
  assert.equal(copyBound(64, 13, 26), 1);
  assert.ok(Math.abs(copyBound(64, 20, 26) - 2 ** 64 / 26 ** 20) < 1e-12);
  assert.ok(Math.abs(vacuousBelow(64, 26) - 64 / Math.log2(26)) < 1e-12);
  assert.equal(vacuousBelow(64, 16), 16);
});

test('a card gives log2|S| as its stateBits, or 32 bits per float of the state', () => {
  assert.equal(stateBitsOf({ stateFloats: 64 }), 2048);
  assert.equal(stateBitsOf({ stateBits: 100, stateFloats: 64 }), 100);
  assert.equal(stateBitsOf({}), undefined);
});
