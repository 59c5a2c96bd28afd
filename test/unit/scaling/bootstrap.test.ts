import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BAND_POINTS } from '../../../src/shared/scaling';
import { intervalOf, rSquared } from '../../../src/core/analyses/scaling/bootstrap';
import { fitDataset } from '../../../src/core/analyses/scaling/datasetFit';
import { lossToLoss } from '../../../src/core/analyses/scaling/lossToLoss';
import { computeLoss } from '../../../src/core/analyses/scaling/laws';
import { rngSeeded } from '../../../src/core/random/rng';

test('percentile intervals and R², worked by hand', () => {
  const [lo = 0, hi = 0] = intervalOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8) ?? [];
  assert.ok(Math.abs(lo - 1) < 1e-12 && Math.abs(hi - 9) < 1e-12, `${lo} ${hi}`);
  assert.deepEqual(intervalOf([3, 1, Number.NaN, 2], 0.5), [1.5, 2.5]);
  assert.equal(intervalOf([1], 0.9), undefined);
  // y = 1, 2, 3 (mean 2, Σ(y − ȳ)² = 2); ŷ = 1, 2, 4 (Σ(y − ŷ)² = 1): R² = 1 − 1/2
  assert.equal(rSquared([1, 2, 3], [1, 2, 4]), 0.5);
});

const law = { A: 4e8, B: 2e9, E: 1.7, alpha: 0.34, beta: 0.28 };
function noisyRuns() {
  const noise = rngSeeded(7);
  const runs = [];
  for (const N of [1e7, 3e7, 1e8, 3e8])
    for (const D of [2e8, 1e9, 5e9]) {
      const loss = computeLoss(law, N, D) * (1 + 0.004 * (noise() - 0.5));
      runs.push({ where: `N ${N} D ${D}`, N, D, C: 6 * N * D, loss });
    }
  return runs;
}

test('compute-law fit: residuals, R², seeded intervals, the held-out run predicted in its band', async () => {
  const options = { law: 'compute' as const, holdOut: 'largest' as const, bootstrap: 60, seed: 3 };
  const a = await fitDataset('prose', 'loss', noisyRuns(), options);
  const b = await fitDataset('prose', 'loss', noisyRuns(), options);
  assert.deepEqual(a, b, 'same seed, same result');
  assert.equal(a.points.length, 11);
  assert.equal(a.heldOut?.where, 'N 300000000 D 5000000000');
  for (const p of a.points) assert.ok(Math.abs(p.residual - (p.loss - p.predicted)) < 1e-15);
  assert.ok(a.r2 > 0.99 && a.r2 <= 1);
  assert.ok(a.resamples > 50);
  const [lo = 0, hi = 0] = a.intervals['E'] ?? [];
  assert.ok(lo <= a.law.params.E && a.law.params.E <= hi, `E ${a.law.params.E} in [${lo}, ${hi}]`);
  const held = a.heldOut;
  assert.ok(held?.interval && held.loss !== undefined && held.relativeError !== undefined);
  assert.ok(held.interval[0] <= held.predicted && held.predicted <= held.interval[1]);
  assert.ok(Math.abs(held.relativeError) < 0.01);
  const cs = noisyRuns().map((r) => r.C);
  assert.equal(a.band.length, BAND_POINTS);
  assert.ok(Math.abs((a.band[0]?.C ?? 0) / Math.min(...cs) - 1) < 1e-12);
  assert.ok(Math.abs((a.band.at(-1)?.C ?? 0) / (25 * Math.max(...cs)) - 1) < 1e-12);
  a.band.forEach((p, i) => {
    assert.ok(p.interval && p.interval[0] <= p.predicted * (1 + 1e-9) && p.predicted <= p.interval[1] * (1 + 1e-9));
    assert.ok(Math.abs(6 * (p.N ?? 0) * (p.D ?? 0) - (p.C ?? 0)) < 1e-6 * (p.C ?? 0), 'on C = 6ND');
    if (i > 0) assert.ok(p.predicted < (a.band[i - 1]?.predicted ?? 0), 'the frontier falls with compute');
  });
  const other = await fitDataset('prose', 'loss', noisyRuns(), { ...options, seed: 4 });
  assert.notDeepEqual(other.intervals, a.intervals, 'another seed, other resamples');
});

test('loss-to-loss: predictions carry intervals; the held-out pair is the largest compute', async () => {
  const points = [2.2, 2.4, 2.6, 2.9, 3.3, 3.8].map((x, i) => ({
    where: `run ${i}`,
    x,
    y: 0.63 * (x - 1.97) ** 1.1 + 0.845 + 0.002 * Math.sin(7 * i),
    C: 10 ** (21 - i),
  }));
  const fit = await lossToLoss(points, {
    e0: 1.97,
    e1: 0.845,
    predict: [2.1],
    holdOut: 'largest',
    bootstrap: 100,
    seed: 1,
  });
  assert.equal(fit.heldOut?.where, 'run 0');
  assert.equal(fit.points.length, 5);
  const p = fit.prediction?.[0];
  assert.ok(p?.interval && p.interval[0] < p.predicted && p.predicted < p.interval[1]);
  assert.deepEqual(Object.keys(fit.intervals), ['kappa', 'K']);
  assert.deepEqual([fit.band.length, fit.band[0]?.x, fit.band.at(-1)?.x], [BAND_POINTS, 2.1, 3.8]);
});
