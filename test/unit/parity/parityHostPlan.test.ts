import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  confirmText,
  csvHeader,
  durationText,
  gridSize,
  gridTimeoutMs,
  startingResult,
  tableParams,
  threadsText,
} from '../../../src/host/parity/plan';
import { ParityGridResultSchema, TableCompareParamsSchema } from '../../../src/shared/parity';
import { PARITY_FORM_DEFAULTS, formParams } from '../../../src/shared/parityPanel';
import { check } from '../../../src/shared/schema';

const estimate = { seconds: 1500, runs: 50, workers: 2, stepsPerSecond: 900, confirm: true };

test('durations in words', () => {
  assert.equal(durationText(0.2), '1 s');
  assert.equal(durationText(40), '40 s');
  assert.equal(durationText(89), '89 s');
  assert.equal(durationText(90), '2 min');
  assert.equal(durationText(1500), '25 min');
  assert.equal(durationText(5400), '1.5 h');
  assert.equal(durationText(47 * 3600), '47.0 h');
  assert.equal(durationText(12 * 86400), '12 days');
  // 585,925 h (a huge grid's estimate) is about 67 years.
  assert.equal(durationText(585_925 * 3600), '67 years');
  assert.equal(durationText(NaN), 'an unknown time');
});

test('the modal says how many networks, how long, on how many threads', () => {
  const p = formParams(PARITY_FORM_DEFAULTS);
  // 5 widths × 1 sample size × 2 inits = 10 cells, × 5 seeds = 50 networks.
  assert.deepEqual(gridSize(p), { cells: 10, runs: 50 });
  assert.equal(
    confirmText(p, estimate),
    'This grid trains 50 networks (10 cells × 5 seeds, up to 20,000 steps each) and should take about 25 min on ' +
      '2 threads. Run it? Fewer widths, sample sizes or seeds, or a lower step cutoff, make it shorter.',
  );
  assert.match(confirmText(p, { ...estimate, workers: 1 }), / on 1 thread\. /u);
  assert.equal(threadsText(4), '4 threads');
});

test('the host waits four times the estimate and two minutes, at least ten minutes', () => {
  assert.equal(gridTimeoutMs({ ...estimate, seconds: 10 }), 600_000);
  assert.equal(gridTimeoutMs(estimate), (4 * 1500 + 120) * 1000);
});

test('a CSV header: quoted names with commas and quotes, a BOM, CRLF, spaces trimmed', () => {
  assert.deepEqual(csvHeader('\uFEFFa, "b,c" ,"say ""hi"""\r\n1,2,3\n'), ['a', 'b,c', 'say "hi"']);
  assert.deepEqual(csvHeader('x1,x2,label'), ['x1', 'x2', 'label']);
  assert.deepEqual(csvHeader(''), []);
});

test('the comparison params: defaults, the label only when picked, trust passed on', () => {
  const p = tableParams('/t.csv', 'class', false);
  assert.ok(check(TableCompareParamsSchema, p).ok);
  assert.equal(p.label, 'class');
  assert.equal(p.allowLocalFiles, false);
  assert.deepEqual(p.fractions, [0.01, 0.1, 1]);
  assert.equal('label' in tableParams('/t.csv', undefined, true), false);
});

test('as a grid starts, the panel gets a valid result with every cell still to train', () => {
  const p = formParams(PARITY_FORM_DEFAULTS);
  const r = startingResult(p);
  assert.ok(check(ParityGridResultSchema, r).ok);
  assert.equal(r.totalCells, 10);
  assert.deepEqual(r.cells, []);
  assert.equal(r.done, false);
});
