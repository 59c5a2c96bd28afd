/**
 * The Kronecker panel's pure helpers (webview/kronecker/data.ts, charts.ts, body.ts): the reading line, the ‖H‖
 * note, the convergence points, the spectra as drawn on a log scale and the cosine axis, checked by hand.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KronResultSchema } from '../../../src/shared/kronecker';
import { check } from '../../../src/shared/schema';
import {
  APPROXES,
  barTitle,
  conditionOf,
  convergenceNote,
  convergencePoints,
  cosineDomain,
  cosOf,
  fmtCos,
  fmtCount,
  hNormNote,
  reading,
  spectraNote,
  spectrumPoints,
} from '../../../webview/kronecker/data';
import { VIEWS } from '../../../webview/views';
import { FC1, OUTPUT, TWO_LAYERS } from './kronPanelFixture';

test('the fixture is a valid result', () => {
  assert.ok(check(KronResultSchema, TWO_LAYERS).ok);
});

test('cosines: three decimals, four when three would round a cosine below 1 up to 1.000', () => {
  assert.equal(fmtCos(0.98), '0.980');
  assert.equal(fmtCos(0.9997), '0.9997');
  assert.equal(fmtCos(1), '1.000');
  assert.equal(fmtCos(NaN), '\u2013');
  assert.equal(fmtCount(65536), '65,536');
  assert.deepEqual(
    APPROXES.map((a) => cosOf(OUTPUT, a.key)),
    [0.98, 0.975, 0.8],
  );
});

test('one layer: the reading says how far Shampoo² is from the optimal and where Shampoo is', () => {
  const one = { ...TWO_LAYERS, layers: [OUTPUT] };
  assert.equal(
    reading(one),
    'output (257 \u00d7 64): Shampoo\u00b2 (L \u2297 R) reaches cosine 0.975, 0.005 below the optimal 0.980; ' +
      'Shampoo (L^\u00bd \u2297 R^\u00bd) 0.800.',
  );
  const tie = { ...one, layers: [{ ...OUTPUT, cosShampooSquared: 0.9798 }] };
  assert.match(reading(tie), /reaches cosine 0\.980, as good as the optimal 0\.980;/u);
});

test('several layers: the mean gap to the optimal, the worst layer, and Shampoo behind Shampoo²', () => {
  // Gaps 0.005 and 0.035: mean 0.020, most on fc1; Shampoo behind by 0.175 and 0.165: mean 0.170.
  assert.equal(
    reading(TWO_LAYERS),
    'Across 2 layers Shampoo\u00b2 is on average 0.020 below the optimal (most on fc1: 0.035) and Shampoo ' +
      '0.170 below Shampoo\u00b2.',
  );
});

test('the bar tooltip names the layer, the stand-in, its cosine and its gap to the optimal', () => {
  const [optimal, squared] = APPROXES;
  assert.ok(optimal !== undefined && squared !== undefined);
  assert.match(barTitle(FC1, squared), /^fc1 \(256 \u00d7 512\), 4,096 examples \u00b7 Shampoo\u00b2 = L \u2297 R: /u);
  assert.match(barTitle(FC1, squared), /cosine to H 0\.865, 0\.035 below the optimal\./u);
  assert.doesNotMatch(barTitle(FC1, optimal), /below the optimal/u);
});

test('‖H‖: exact says so; an estimate gives its standard error and the relative error', () => {
  assert.equal(hNormNote(OUTPUT), '\u2016H\u2016 = 1235, exact: every pair of the 2,000 examples.');
  assert.equal(
    hNormNote({ ...OUTPUT, count: 1, hNorm: { value: 10, exact: true } }),
    '\u2016H\u2016 = 10, exact: one example.',
  );
  const note = hNormNote(FC1);
  assert.match(note, /^\u2016H\u2016 \u2248 200 \u00b1 3 \(1\.5 %\), estimated from sampled pairs of the 4,096 /u);
});

test('convergence: the cosine after each power step, steps numbered from 1 (step 1 = L ⊗ R)', () => {
  assert.deepEqual(convergencePoints(FC1), [
    { step: 1, cos: 0.865 },
    { step: 2, cos: 0.89 },
    { step: 3, cos: 0.9 },
  ]);
});

test('the convergence note: step 1, the last step and whether it converged, Shampoo for comparison', () => {
  assert.equal(
    convergenceNote(FC1),
    'Step 1 (Shampoo\u00b2 = L \u2297 R): 0.865; after 3 steps: 0.900 (converged). Shampoo (L^\u00bd \u2297 ' +
      'R^\u00bd), for comparison: 0.700.',
  );
  const cut = { ...FC1, powerSteps: [0.865], converged: false };
  assert.match(convergenceNote(cut), /after 1 step: 0\.865 \(stopped at the step limit, not yet converged\)/u);
});

test('the convergence axis: the values with a 12 % margin, kept within [0, 1], at least 0.004 tall', () => {
  // 0.8 … 0.98: range 0.18, margin 0.0216.
  const [lo, hi] = cosineDomain([0.975, 0.98, 0.8]);
  assert.ok(Math.abs(lo - 0.7784) < 1e-12);
  assert.equal(hi, 1);
  assert.deepEqual(cosineDomain([0.5, 0.5]), [0.498, 0.502]);
  assert.deepEqual(cosineDomain([]), [0, 1]);
});

test('spectra: largest first, zeros and values below 1e-12 of the largest left off the log scale', () => {
  assert.deepEqual(spectrumPoints([2, 0, 1e-20, 3, NaN]), {
    points: [
      { rank: 1, value: 3 },
      { rank: 2, value: 2 },
    ],
    zero: 2,
  });
  assert.equal(conditionOf([1, 4, 0]), 4);
  assert.ok(Number.isNaN(conditionOf([5, 0])));
  assert.equal(
    spectraNote({ ...OUTPUT, m: 3, n: 4 }),
    'L: 3 of 3 eigenvalues drawn, largest / smallest 4. R: 2 of 4 eigenvalues drawn, largest / smallest 8, ' +
      '1 zero (off the log scale), the 3 largest kept.',
  );
});

test('the view is registered with its containers, and says what it shows', () => {
  assert.equal(VIEWS.kronecker.title, 'Kronecker Preconditioner');
  const ids = ['summary', 'toolbar', 'status', 'reading', 'cosines-chart', 'layers-table', 'layer-select'];
  for (const id of [...ids, 'h-note', 'convergence-chart', 'spectra-chart', 'spectra-note']) {
    assert.match(VIEWS.kronecker.body, new RegExp(`id="${id}"`, 'u'), `#${id} in the Kronecker view`);
  }
  assert.match(VIEWS.kronecker.body, /What you are seeing:/u);
  for (const a of APPROXES) assert.ok(VIEWS.kronecker.body.includes(a.label), `legend lacks ${a.label}`);
});
