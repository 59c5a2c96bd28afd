import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParityCurve, TableCompareResult } from '../../../src/shared/parity';
import { PARITY_FORM_DEFAULTS, ParityPanelSchema, formParams, type ParityPanel } from '../../../src/shared/parityPanel';
import { TableCompareResultSchema } from '../../../src/shared/parity';
import { check } from '../../../src/shared/schema';
import {
  cellTitle,
  frontierWidth,
  grokDelay,
  heatGrids,
  luckSeries,
  preferredCurve,
  reading,
} from '../../../webview/parity/data';
import { bestAt, fractionsOf, percent, reading as tableReading } from '../../../webview/tabular/data';
import { VIEWS } from '../../../webview/views';

const cell = (width: number, samples: number, init: 'dense' | 'sparse', successes: number) => ({
  width,
  samples,
  init,
  runs: 4,
  successes,
  medianSteps: successes > 0 ? 1200 : null,
  meanTest: successes / 4,
});

const curve = (seed: number, train: number[], test: number[]): ParityCurve => ({
  width: 100,
  samples: 0,
  init: 'sparse',
  seed,
  step: train.map((_, i) => 100 * (i + 1)),
  train,
  test,
});

const PANEL: ParityPanel = {
  params: { ...formParams(PARITY_FORM_DEFAULTS), widths: [10, 100, 1000], samples: [0, 500], inits: ['sparse'] },
  result: {
    n: 30,
    k: 3,
    support: [4, 11, 20],
    sparsity: 2,
    steps: 20000,
    totalCells: 6,
    cells: [
      cell(1000, 0, 'sparse', 4),
      cell(100, 0, 'sparse', 2),
      cell(10, 0, 'sparse', 0),
      cell(1000, 500, 'sparse', 1),
    ],
    luck: [
      { width: 100, init: 'sparse', samples: 0, measured: 0.5, runs: 4, closedForm: 0.6 },
      { width: 10, init: 'sparse', samples: 0, measured: 0, runs: 4, closedForm: 0.1 },
    ],
    curves: [],
    seconds: 12.4,
    done: false,
  },
  state: 'running',
};

test('the fixture is a valid panel', () => {
  const c = check(ParityPanelSchema, PANEL);
  assert.ok(c.ok, c.ok ? '' : c.message);
});

test('heatmap: widest row first, online last, unfinished cells in place as undefined', () => {
  const [g] = heatGrids(PANEL);
  assert.ok(g !== undefined);
  assert.deepEqual(g.widths, [1000, 100, 10]);
  assert.deepEqual(g.samples, [500, 0]);
  assert.deepEqual(
    g.cells.map((row) => row.map((c) => (c === undefined ? '…' : `${c.successes}/${c.runs}`))),
    [
      ['1/4', '4/4'],
      ['…', '2/4'],
      ['…', '0/4'],
    ],
  );
  // At the largest sample size (online), half or more learn from width 100 up.
  assert.equal(frontierWidth(g), 100);
});

test('a cell tooltip says where it is, how many learned and how fast', () => {
  assert.equal(
    cellTitle(cell(100, 500, 'sparse', 2), 2),
    'Width 100, 500 training samples, sparse (s = 2) init: 2 of 4 runs learned the rule; median 1,200 steps to ' +
      'learn; mean final test accuracy 50.0%.',
  );
  assert.match(cellTitle(cell(10, 0, 'dense', 0), 2), /^Width 10, online, dense init: 0 of 4 runs .*; none learned;/u);
});

test('the reading: progress while running; the frontier and S once done or stopped', () => {
  assert.equal(reading(PANEL), 'Training: 4 of 6 cells done in 12 s.');
  assert.equal(
    reading({ ...PANEL, state: 'stopped' }),
    'Stopped: 4 of 6 cells done in 12 s. The relevant bits are x5, x12, x21. Sparse (s = 2) init: half or more ' +
      'of the runs learn from width 100 up (online).',
  );
  const none = { ...PANEL, state: 'done' as const, result: { ...PANEL.result, cells: [cell(10, 0, 'sparse', 1)] } };
  assert.match(reading(none), /^Done: 6 cells in 12 s\. .*: no width learned with online samples\.$/u);
  const early = { ...PANEL, state: 'stopped' as const, result: { ...PANEL.result, cells: [], support: [] } };
  assert.equal(reading(early), 'Stopped: 0 of 6 cells done in 12 s.');
});

test('luck series by init, sorted by width', () => {
  const s = luckSeries(PANEL.result.luck);
  assert.deepEqual(
    s.map((x) => [x.init, x.points.map((p) => p.width)]),
    [['sparse', [10, 100]]],
  );
});

test('grokking: the delay between train and test reaching 99%; the longest one is shown first', () => {
  const plain = curve(0, [0.6, 1, 1, 1], [0.6, 1, 1, 1]);
  const grok = curve(1, [0.7, 1, 1, 1], [0.5, 0.5, 0.6, 0.995]);
  const never = curve(2, [0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]);
  assert.equal(grokDelay(plain), 0);
  assert.equal(grokDelay(grok), 200);
  assert.equal(grokDelay(never), 0);
  assert.equal(preferredCurve([plain, grok, never]), 1);
  assert.equal(preferredCurve([never, plain]), 1, 'no grokking: the first that learned');
  assert.equal(preferredCurve([never]), 0);
  assert.equal(preferredCurve([]), 0);
});

const TABLE: TableCompareResult = {
  source: '/w/iris.csv',
  label: 'species',
  features: ['a', 'b', 'c', 'd'],
  classes: ['x', 'y', 'z'],
  rows: 150,
  trainRows: 120,
  testRows: 30,
  majority: 0.3,
  scores: [
    { method: 'boosted', fraction: 0.1, trainRows: 12, testAccuracy: 0.8, seconds: 0.1 },
    { method: 'mlp', fraction: 0.1, trainRows: 12, testAccuracy: 0.9, seconds: 0.2 },
    { method: 'cart', fraction: 0.1, trainRows: 12, testAccuracy: 0.7, seconds: 0.1 },
    { method: 'mlp', fraction: 1, trainRows: 120, testAccuracy: 0.9, seconds: 0.3 },
    { method: 'boosted', fraction: 1, trainRows: 120, testAccuracy: 0.9, seconds: 0.2 },
  ],
  notes: [],
};

test('the table view: fractions ascending, best per fraction with ties, the reading', () => {
  assert.ok(check(TableCompareResultSchema, TABLE).ok);
  assert.deepEqual(fractionsOf(TABLE), [0.1, 1]);
  assert.deepEqual(bestAt(TABLE, 0.1), ['mlp']);
  assert.deepEqual(bestAt(TABLE, 1), ['mlp', 'boosted']);
  assert.equal(percent(0.01), '1%');
  assert.equal(percent(0.125), '12.5%');
  assert.equal(
    tableReading(TABLE),
    'With 10% of the training rows, Wide sparse MLP scores best (90% on 12 rows); with 100%, Wide sparse MLP and ' +
      'Boosted trees (90% on 120 rows).',
  );
  const tie = { ...TABLE, scores: TABLE.scores.filter((x) => x.fraction === 1) };
  assert.equal(
    tableReading(tie),
    'With 100% of the training rows, Wide sparse MLP and Boosted trees score best (90% on 120 rows).',
  );
});

test('both views are registered with their titles, the form and their containers', () => {
  assert.equal(VIEWS.parity.title, 'Sparse Parity Frontier');
  assert.equal(VIEWS.tabular.title, 'MLP vs Trees');
  const ids = ['grid-form', 'run-grid', 'stop-grid', 'form-problem', 'heatmaps', 'luck-chart', 'neurons-chart'];
  for (const id of [...ids, 'rewind-chart', 'curves-chart', 'curve-pick', 'form-n', 'form-widths', 'form-samples']) {
    assert.match(VIEWS.parity.body, new RegExp(`id="${id}"`, 'u'), `#${id} in the parity view`);
  }
  for (const id of ['summary', 'reading', 'bars-chart', 'scores-table', 'method-legend']) {
    assert.match(VIEWS.tabular.body, new RegExp(`id="${id}"`, 'u'), `#${id} in the tabular view`);
  }
  assert.match(VIEWS.parity.body, /What you are seeing:/u);
  assert.match(VIEWS.tabular.body, /What you are seeing:/u);
});
