import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parityExamples, paritySupport } from '../../../src/core/analyses/parity/data';
import { luckClosedForm, luckyNeuron, logChoose } from '../../../src/core/analyses/parity/luck';
import { Rng } from '../../../src/core/random/draws';

test('the support S is k distinct increasing coordinates of [0, n), the same for the same seed', () => {
  const s = paritySupport(30, 3, 1);
  assert.equal(s.length, 3);
  assert.ok(s.every((i, j) => i >= 0 && i < 30 && (j === 0 || i > (s[j - 1] ?? -1))));
  assert.deepEqual(paritySupport(30, 3, 1), s);
  const others = [2, 3, 4, 5].map((seed) => paritySupport(30, 3, seed).join());
  assert.ok(
    others.some((o) => o !== s.join()),
    'other seeds give other supports',
  );
  assert.deepEqual(paritySupport(5, 5, 9), [0, 1, 2, 3, 4]);
  assert.throws(() => paritySupport(3, 4, 1), /1 ≤ k ≤ n/u);
});

test('labels are the product of x over S; x is ±1 and balanced', () => {
  const support = [1, 4, 6];
  const set = parityExamples(8, support, 2000, 5);
  let plus = 0;
  for (let r = 0; r < set.count; r++) {
    const row = Array.from(set.x.subarray(r * 8, (r + 1) * 8));
    assert.ok(row.every((v) => v === 1 || v === -1));
    assert.equal(set.y[r], (row[1] ?? 0) * (row[4] ?? 0) * (row[6] ?? 0));
    plus += row.filter((v) => v === 1).length;
  }
  assert.ok(Math.abs(plus / (2000 * 8) - 0.5) < 0.02);
  assert.deepEqual(parityExamples(8, support, 10, 5), parityExamples(8, support, 10, 5));
});

test('distinct picks are distinct, in range, and cover every order over seeds', () => {
  const seen = new Set<string>();
  for (let seed = 0; seed < 200; seed++) {
    const d = new Rng(seed).distinct(2, 3);
    assert.equal(new Set(d).size, 2);
    assert.ok(d.every((i) => i >= 0 && i < 3));
    seen.add(d.join());
  }
  assert.equal(seen.size, 6);
  assert.deepEqual([...new Rng(1).distinct(5, 5)].sort(), [0, 1, 2, 3, 4]);
});

test('luck closed form by hand: n = 30, k = 3 with s = 2 (within S), s = 3 and s = 4 (covering S)', () => {
  assert.ok(Math.abs(Math.exp(logChoose(30, 2)) - 435) < 1e-9);
  assert.ok(Math.abs(Math.exp(logChoose(30, 4)) - 27405) < 1e-7);
  assert.equal(logChoose(3, 4), -Infinity);
  // s = 2 < k: C(3, 2) / C(30, 2) = 3 / 435.
  assert.ok(Math.abs(luckyNeuron(30, 3, 2) - 3 / 435) < 1e-15);
  // s = k = 3: only S itself, 1 / C(30, 3) = 1 / 4060.
  assert.ok(Math.abs(luckyNeuron(30, 3, 3) - 1 / 4060) < 1e-15);
  // s = 4 > k: S plus one of the 27 others, 27 / C(30, 4).
  assert.ok(Math.abs(luckyNeuron(30, 3, 4) - 27 / 27405) < 1e-15);
  // Width 100 at s = 2: 1 − (432/435)^100 ≈ 0.4994.
  assert.ok(Math.abs(luckClosedForm(30, 3, 2, 100) - (1 - (432 / 435) ** 100)) < 1e-12);
  assert.ok(Math.abs(luckClosedForm(30, 3, 2, 100) - 0.49945) < 1e-4);
  assert.equal(luckClosedForm(4, 4, 4, 3), 1);
  const widths = [1, 10, 100, 1000];
  const p = widths.map((w) => luckClosedForm(30, 3, 2, w));
  assert.ok(p.every((x, i) => i === 0 || x > (p[i - 1] ?? 1)));
});
