import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buckets,
  centreWindow,
  clampWindow,
  maxWindow,
  MIN_WINDOW,
  panWindow,
  zoomWindow,
} from '../../../webview/surprisal/viewport';

test('a 268-px panel shows at most 134 tokens at 2 px a bar, a 1,400-px one 700', () => {
  assert.equal(maxWindow(268), 134);
  assert.equal(maxWindow(1400), 700);
  assert.equal(maxWindow(1), 1);
});

test('windows stay inside the file and between the smallest and the largest size', () => {
  assert.deepEqual(clampWindow({ from: -5, to: 10 }, 100, 50), { from: 0, to: 15 });
  assert.deepEqual(clampWindow({ from: 90, to: 200 }, 100, 50), { from: 50, to: 100 });
  assert.deepEqual(clampWindow({ from: 40, to: 41 }, 100, 50), { from: 40, to: 40 + MIN_WINDOW });
  assert.deepEqual(clampWindow({ from: 0, to: 50 }, 5, 50), { from: 0, to: 5 }, 'a short file is shown whole');
  assert.deepEqual(clampWindow({ from: 3, to: 9 }, 0, 50), { from: 0, to: 0 });
});

test('zooming keeps the anchor token in its place; panning and centring keep the size', () => {
  // 100..200 zoomed out twice around 150 (the middle): 50..250.
  assert.deepEqual(zoomWindow({ from: 100, to: 200 }, 2, 150, 1000, 500), { from: 50, to: 250 });
  // zoomed in by half around 100 (the left edge): 100..150.
  assert.deepEqual(zoomWindow({ from: 100, to: 200 }, 0.5, 100, 1000, 500), { from: 100, to: 150 });
  assert.deepEqual(zoomWindow({ from: 0, to: 400 }, 4, 0, 1000, 500), { from: 0, to: 500 }, 'capped at the max');
  assert.deepEqual(panWindow({ from: 10, to: 20 }, 985, 1000, 500), { from: 990, to: 1000 });
  assert.deepEqual(centreWindow({ from: 0, to: 10 }, 500, 1000, 500), { from: 495, to: 505 });
});

test('buckets: equal sizes, the last shorter, mean and max of each', () => {
  assert.deepEqual(buckets([1, 3, 2, 2, 10], 2), [
    { from: 0, to: 3, mean: 2, max: 3 },
    { from: 3, to: 5, mean: 6, max: 10 },
  ]);
  assert.equal(buckets([1, 2, 3], 10).length, 3, 'never more buckets than tokens');
  assert.deepEqual(buckets([], 4), []);
});
