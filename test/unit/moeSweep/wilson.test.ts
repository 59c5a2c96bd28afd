import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wilson, Z95 } from '../../../src/shared/wilson';

// Hand-worked from the score interval (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.96:
// 0/10 → [0, 0.2775], 5/10 → [0.2366, 0.7634], 81/100 → [0.7222, 0.8749].
const CASES: readonly [number, number, number, number][] = [
  [0, 10, 0, 0.277533],
  [5, 10, 0.236593, 0.763407],
  [10, 10, 0.722467, 1],
  [81, 100, 0.722212, 0.874852],
  [1, 1, 0.206549, 1],
];

test('the Wilson interval matches hand-worked values', () => {
  for (const [k, n, low, high] of CASES) {
    const w = wilson(k, n);
    assert.equal(w.accuracy, k / n);
    assert.ok(Math.abs(w.low - low) < 1e-6, `${k}/${n} low ${w.low}`);
    assert.ok(Math.abs(w.high - high) < 1e-6, `${k}/${n} high ${w.high}`);
  }
});

test('the interval is symmetric about one half and narrows as items grow', () => {
  const a = wilson(3, 20);
  const b = wilson(17, 20);
  assert.ok(Math.abs(a.low - (1 - b.high)) < 1e-12 && Math.abs(a.high - (1 - b.low)) < 1e-12);
  const widths = [10, 100, 1000].map((n) => wilson(n / 2, n)).map((w) => w.high - w.low);
  assert.ok(widths[0]! > widths[1]! && widths[1]! > widths[2]!);
  // For large n it approaches the normal interval p ± z·√(p(1−p)/n).
  const big = wilson(50_000, 100_000);
  assert.ok(Math.abs(big.high - 0.5 - Z95 * Math.sqrt(0.25 / 100_000)) < 1e-6);
});

test('an impossible count is refused', () => {
  assert.throws(() => wilson(3, 2), RangeError);
  assert.throws(() => wilson(0, 0), RangeError);
});
