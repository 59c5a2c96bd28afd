import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DependenciesResult } from '../../../src/shared/dependencies';
import { aggregateShortName, meanK, tokenLabel } from '../../../webview/dependencies/format';
import { mapSource, weightAt, windowMean } from '../../../webview/dependencies/mapSource';
import { visibleRange } from '../../../webview/dependencies/geometry';
import { dependenciesResult } from './dependenciesFixture';

function result(): DependenciesResult {
  return dependenciesResult({
    window: 8,
    layers: 2,
    heads: 1,
    tokens: [
      { text: 'a', start: 0, end: 1 },
      { text: 'b', start: 1, end: 2 },
    ],
    kAttention: [1, 3],
    rows: [
      [[-1, 1]],
      [
        [0, 0.75],
        [-1, 0.25],
      ],
    ],
    windowMaps: { first: 0, T: 2, data: [1, 0, 0.5, 0.5, 1, 0, 0.1, 0.9] },
  });
}

test('sparse rows become a map with a start-of-text column first', () => {
  const s = mapSource(result(), { layer: 'all', head: 'all' });
  assert.ok(s);
  assert.equal(s.first, -1);
  assert.equal(s.size, 3);
  assert.equal(weightAt(s, 2, 1), 0.75);
  assert.equal(weightAt(s, 2, 0), 0.25);
  assert.equal(weightAt(s, 0, 0), 0, 'the start-of-text row is empty');
  assert.deepEqual(Array.from(s.offsets), [0, 0, 1, 3]);
});

test('a filter shows the dense window, averaged over what it leaves in', () => {
  const r = result();
  assert.deepEqual(Array.from(windowMean(r, { layer: 1, head: 0 })), [1, 0, 0.1, 0.9].map(Math.fround));
  const mean = Array.from(windowMean(r, { layer: 'all', head: 0 }));
  [1, 0, 0.3, 0.7].forEach((x, i) => assert.ok(Math.abs((mean[i] ?? 0) - x) < 1e-6));
  const s = mapSource(r, { layer: 0, head: 'all' });
  assert.equal(s?.first, 0);
  assert.equal(s?.label, 'layer 0, mean of heads, tokens 0–1');
  assert.equal(s && weightAt(s, 1, 1), 0.5);
});

test('visible range clamps to the map', () => {
  assert.deepEqual(visibleRange(10, 10, 100, 10, 5), [0, 4]);
  assert.deepEqual(visibleRange(-95, 10, 20, 10, 100), [10, 13]);
});

test('summary text pieces', () => {
  assert.equal(aggregateShortName(result().aggregate), 'attention rollout');
  assert.equal(aggregateShortName('mean of the attention probabilities over all layers and heads'), 'mean attention');
  const r = {
    ...result(),
    tokens: [
      { text: '\n\tx', start: 0, end: 3 },
      { text: '"', start: 3, end: 4 },
    ],
  };
  assert.equal(tokenLabel(r, 0), '#0 ↵⇥x', 'invisible characters made visible, nothing escaped');
  assert.equal(tokenLabel(r, 1), '#1 "', 'a quote reads as a quote');
  assert.equal(tokenLabel(r, -1), 'BOS');
  assert.deepEqual(meanK(result()), { value: 2, method: 'attention rollout' });
});
