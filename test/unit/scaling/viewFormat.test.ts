/**
 * The scaling view's pure helpers (webview/scaling/format.ts, frame.ts): the laws' values checked by hand, the
 * curves drawn per model size, padded log domains, number formats, decade tick labels, marker sizes, the rows of
 * the held-out table (own law and loss-to-loss, with the run's name) and a translated law's R².
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatasetFit } from '../../../src/shared/scaling';
import type { ScalingPanel, Translated } from '../../../src/shared/scalingPanel';
import {
  computeLoss,
  floorNote,
  heldOutRows,
  l2lLoss,
  logDomain,
  logSpace,
  optimalN,
  powerLoss,
  runName,
  signedPercent,
  sizeCurves,
  translatedR2,
  withInterval,
} from '../../../webview/scaling/format';
import { colourOf, radiusOf, spreadLabels } from '../../../webview/scaling/scales';
import { decadeLabel, sig } from '../../../webview/shared/numbers';

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('the laws by hand', () => {
  // ((400/100)^(0.5/0.25) + 100/25)^0.25 + 1 = (16 + 4)^0.25 + 1.
  close(computeLoss({ A: 400, B: 100, E: 1, alpha: 0.5, beta: 0.25 }, 100, 25), 20 ** 0.25 + 1);
  close(powerLoss({ A: 8, E: 2, alpha: 1 / 3 }, 1000), 2.8);
  close(optimalN({ G: 6, a: 0.5 }, 100), 10);
  close(l2lLoss({ kappa: 2, K: 0.5, e0: 1, e1: 0.25 }, 3), 2.25);
  assert.ok(Number.isNaN(l2lLoss({ kappa: 2, K: 0.5, e0: 1, e1: 0.25 }, 1)));
});

test('log spacing and padded log domains', () => {
  assert.deepEqual(
    logSpace(1, 100, 3).map((x) => Number(x.toPrecision(12))),
    [1, 10, 100],
  );
  assert.deepEqual(logSpace(0, 10, 3), []);
  assert.deepEqual(logDomain([2, 8, Number.NaN, -1], 2), [1, 16]);
  assert.deepEqual(logDomain([5], 2), [1.25, 20]);
  assert.deepEqual(logDomain([]), [1, 10]);
});

test('numbers: significant figures, exponents beyond 1e5, signed percentages, intervals', () => {
  assert.equal(sig(2.34567), '2.35');
  assert.equal(sig(123456), '1.23e5');
  assert.equal(sig(0.000123), '1.23e-4');
  assert.equal(sig(0), '0');
  assert.equal(signedPercent(0.0213), '+2.1%');
  assert.equal(signedPercent(-0.058), '-5.8%');
  assert.equal(signedPercent(0), '±0.0%');
  assert.equal(withInterval(2.3067, [2.2947, 2.3376]), '2.31 [2.29, 2.34]');
  assert.equal(withInterval(2.3067, undefined), '2.31');
  assert.equal(decadeLabel(12), '1e12');
  assert.equal(decadeLabel(2), '100');
  assert.equal(decadeLabel(-2), '0.01');
  assert.equal(runName('run code-d64-l3-D1M, step 976'), 'code-d64-l3-D1M');
  assert.equal(runName('row 12'), 'row 12');
});

test('marker sizes grow with log N from 3 to 8 px; colours cycle', () => {
  assert.equal(radiusOf(10, 10, 1000), 3);
  close(radiusOf(100, 10, 1000), 5.5);
  assert.equal(radiusOf(1000, 10, 1000), 8);
  assert.equal(radiusOf(undefined, 10, 1000), 5);
  assert.equal(colourOf(6), colourOf(0));
  assert.notEqual(colourOf(1), colourOf(0));
});

const law = { A: 400, B: 100, E: 1, alpha: 0.5, beta: 0.25 };
const point = (N: number, D: number, loss: number, where: string) => ({
  where,
  run: where,
  N,
  D,
  C: 6 * N * D,
  loss,
  predicted: computeLoss(law, N, D),
  residual: loss - computeLoss(law, N, D),
});
const fit: DatasetFit = {
  dataset: 'code',
  loss: 'eval_code',
  law: { kind: 'compute', params: law, optimal: { G: 1, a: 0.5 } },
  r2: 0.9,
  resamples: 10,
  intervals: {},
  band: [],
  points: [point(100, 25, 2.2, 'a'), point(100, 100, 1.9, 'b'), point(400, 100, 1.6, 'c')],
  heldOut: {
    where: 'row 4',
    run: 'd',
    N: 400,
    D: 400,
    C: 6 * 400 * 400,
    predicted: 1.5,
    interval: [1.4, 1.6],
    loss: 1.45,
    relativeError: 0.05 / 1.45,
  },
};

test('one curve per model size, over its runs\u2019 compute widened 2.5x, on the law', () => {
  const curves = sizeCurves(fit, 1, 1e9);
  assert.deepEqual(
    curves.map((c) => c.N),
    [100, 400],
  );
  const first = curves[0]?.points ?? [];
  close(first[0]?.x ?? 0, (6 * 100 * 25) / 2.5);
  close(first.at(-1)?.x ?? 0, 6 * 100 * 100 * 2.5);
  for (const p of first) close(p.y, computeLoss(law, 100, p.x / 600));
});

test('held-out rows: the own law with the run name, then loss-to-loss matched to the same run', () => {
  const l2lFit = {
    source: 's',
    x: 'code',
    y: 'prose',
    mode: 'fixed' as const,
    kappa: 1,
    K: 1,
    e0: 0,
    e1: 0,
    r2: 1,
    resamples: 0,
    points: [],
    intervals: {},
    band: [],
  };
  const prose: DatasetFit = { ...fit, dataset: 'prose' };
  const heldOut = {
    where: 'row 4 & row 8',
    x: 1.45,
    C: 6 * 400 * 400,
    predicted: 1.47,
    loss: 1.45,
    relativeError: 0.02 / 1.45,
  };
  const panel: ScalingPanel = {
    source: 's',
    mapping: { losses: [] },
    fits: [fit, prose],
    translated: [],
    l2l: { xDataset: 'code', yDataset: 'prose', fit: { ...l2lFit, heldOut } },
  };
  const rows = heldOutRows(panel);
  assert.deepEqual(
    rows.map((r) => [r.dataset, r.where, r.method.split(',')[0]]),
    [
      ['code', 'd', 'its own law'],
      ['prose', 'd', 'its own law'],
      ['prose', 'd', 'loss-to-loss from code'],
    ],
  );
  assert.deepEqual(rows[0]?.interval, [1.4, 1.6]);
  close(rows[2]?.error ?? 0, 0.02 / 1.45);
});

test('a translated law equal to the target\u2019s own law has the same R²; a shifted one less', () => {
  const t: Translated = {
    from: 'code',
    to: 'code',
    kappa: 1,
    K: 1,
    e1: 1,
    how: 'typed',
    law,
    optimal: { G: 1, a: 0.5 },
  };
  // The points' losses against the law's values: residuals known, so R² = 1 − SS_res / SS_tot by hand.
  const ys = fit.points.map((p) => p.loss);
  const mean = ys.reduce((a, b) => a + b) / 3;
  const tot = ys.reduce((s, y) => s + (y - mean) ** 2, 0);
  const res = fit.points.reduce((s, p) => s + p.residual ** 2, 0);
  close(translatedR2(t, fit) ?? NaN, 1 - res / tot);
  assert.ok((translatedR2({ ...t, law: { ...law, E: 1.5 } }, fit) ?? 1) < 1 - res / tot);
  assert.equal(translatedR2(t, undefined), undefined);
});

test('labels spread apart keep their order, keep a gap and stay centred where they were', () => {
  assert.deepEqual(spreadLabels([100, 50, 200], 13), [100, 50, 200]);
  // 100 and 104 are 4 apart: pushed to 13 apart, then the pair moved up by half the push (4.5).
  assert.deepEqual(spreadLabels([104, 100], 13), [108.5, 95.5]);
  const three = spreadLabels([10, 10, 10], 12);
  assert.deepEqual(three, [-2, 10, 22]);
});

test('a note says when a fitted E is under 5% of the least loss, naming the dataset', () => {
  // fit's least loss is 1.6: E = 1 is no floor problem; E = 0.07 (< 0.08) is.
  assert.equal(floorNote([fit]), '');
  const low: DatasetFit = {
    ...fit,
    dataset: 'prose',
    law: { ...fit.law, params: { ...law, E: 0.07 } } as DatasetFit['law'],
  };
  assert.match(floorNote([fit, low]), /^E of prose is near 0/u);
});
