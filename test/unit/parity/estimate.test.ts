import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateGrid, stepSeconds } from '../../../src/core/analyses/parity/estimate';
import { TINY } from './tiny';

test('a grid estimate by hand from a step time a + b·width', () => {
  const p = { ...TINY, widths: [10, 100], seeds: 2, inits: ['dense'], steps: 1000, evalEvery: 100, testSize: 1000 };
  const e = estimateGrid({ ...p, rewind: false } as typeof TINY, 2, (_, w) => 1e-4 + 1e-6 * w);
  // Per run: steps·t(w) + 10 evaluations of 2,000 rows at a third of a 32-row step each = 1208.33·t(w).
  const perRun = (w: number) => (1000 + (10 * 2000) / 96) * (1e-4 + 1e-6 * w);
  assert.ok(Math.abs(e.seconds - (2 * (perRun(10) + perRun(100))) / 2) < 1e-12, String(e.seconds));
  assert.equal(e.runs, 4);
  assert.equal(e.workers, 2);
  assert.ok(Math.abs(e.stepsPerSecond - 5000) < 1e-6);
  assert.equal(e.confirm, false);
  const long = estimateGrid({ ...TINY, steps: 1_000_000 }, 2, () => 1e-3);
  assert.equal(long.confirm, true);
});

test('a measured step time is positive and grows with width', () => {
  const narrow = stepSeconds({ ...TINY, n: 30 }, 8);
  const wide = stepSeconds({ ...TINY, n: 30 }, 800);
  assert.ok(narrow > 0 && wide > narrow, `${narrow} s at width 8, ${wide} s at width 800`);
});
