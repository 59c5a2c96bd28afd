import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planWindows } from '../../../src/core/analyses/surprisal/planWindows';

test('hand-worked plan: 10 tokens, window 4, stride 2', () => {
  assert.deepEqual(planWindows(10, 4), [
    { begin: 0, end: 4, scoreFrom: 1 },
    { begin: 2, end: 6, scoreFrom: 4 },
    { begin: 4, end: 8, scoreFrom: 6 },
    { begin: 6, end: 10, scoreFrom: 8 },
  ]);
});

test('every target is scored exactly once, with at least window/2 context after the first window', () => {
  for (const [n, w] of [
    [2, 2],
    [3, 256],
    [257, 256],
    [1000, 256],
    [5000, 1024],
    [37, 7],
  ] as const) {
    const seen = new Array<number>(n).fill(0);
    for (const win of planWindows(n, w)) {
      assert.ok(win.end - win.begin <= w);
      for (let t = win.scoreFrom; t < win.end; t++) {
        seen[t] = (seen[t] ?? 0) + 1;
        if (win.begin > 0) assert.ok(t - win.begin >= Math.floor(w / 2), `context of ${t}`);
      }
    }
    assert.deepEqual(seen.slice(1), new Array<number>(n - 1).fill(1), `n=${n} w=${w}`);
  }
});

test('refuses a window smaller than 2', () => {
  assert.throws(() => planWindows(10, 1), RangeError);
});
