import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellOf, gridCells, luckCurve, runGrid } from '../../../src/core/analyses/parity/grid';
import { showcaseCell } from '../../../src/core/analyses/parity/rewind';
import { medianSteps } from '../../../src/core/analyses/parity/spec';
import { trainRun, type RunResult } from '../../../src/core/analyses/parity/train';
import type { ParityGridResult } from '../../../src/shared/parity';
import { TINY } from './tiny';

const run = (steps: number | null, finalTest = steps === null ? 0.5 : 1): RunResult => ({
  success: steps !== null,
  steps,
  finalTest,
  finalTrain: finalTest,
  curve: { step: [], train: [], test: [] },
  neurons: [],
});

test('cells, medians and the luck curve by hand', () => {
  assert.equal(medianSteps([run(300), run(null), run(100), run(200)]), 200);
  assert.equal(medianSteps([run(300), run(100)]), 200);
  assert.equal(medianSteps([run(null)]), null);
  const key = { width: 10, samples: 0, init: 'sparse' } as const;
  assert.deepEqual(cellOf(key, [run(100), run(null, 0.6)]), {
    ...key,
    runs: 2,
    successes: 1,
    medianSteps: 100,
    meanTest: 0.8,
  });
  const p = { ...TINY, n: 30, k: 3, widths: [10, 100], samples: [500, 0], inits: ['dense', 'sparse'] } as const;
  assert.equal(gridCells(p).length, 8);
  assert.deepEqual(gridCells(p)[0], { width: 10, samples: 500, init: 'dense' });
  const cells = gridCells(p).map((k, i) => ({ ...cellOf(k, [run(i % 2 === 0 ? null : 100)]) }));
  const luck = luckCurve(p, cells);
  // Online (0) counts as the largest sample size: the luck curve is taken there, per init and width.
  assert.deepEqual(
    luck.map((l) => [l.init, l.width, l.samples, l.measured]),
    [
      ['dense', 10, 0, 0],
      ['dense', 100, 0, 1],
      ['sparse', 10, 0, 0],
      ['sparse', 100, 0, 1],
    ],
  );
  assert.equal(luck[0]?.closedForm, null);
  assert.ok(Math.abs((luck[3]?.closedForm ?? 0) - (1 - (432 / 435) ** 100)) < 1e-12);
});

test('the showcase cell: best success rate, then sparse, then more data, then wider', () => {
  const keys = [
    { width: 10, samples: 0, init: 'dense' },
    { width: 100, samples: 100, init: 'sparse' },
    { width: 10, samples: 0, init: 'sparse' },
    { width: 50, samples: 0, init: 'sparse' },
  ] as const;
  assert.equal(showcaseCell(keys, [[run(1)], [run(1)], [run(1)], [run(null)]]), 2);
  assert.equal(showcaseCell(keys, [[run(1)], [run(null)], [run(null)], [run(null)]]), 0);
  assert.equal(showcaseCell([], []), undefined);
});

let tiny: ParityGridResult | undefined;
const partials: ParityGridResult[] = [];
const tinyGrid = async () =>
  (tiny ??= await runGrid(TINY, { exec: async (s) => trainRun(s), partial: (r) => partials.push(r) }));

test('n = 10, k = 2: width 64 succeeds on every seed, width 1 (which cannot represent a parity) never', async () => {
  const r = await tinyGrid();
  assert.equal(r.support.length, 2);
  const [narrow, wide] = r.cells;
  assert.equal(narrow?.width, 1);
  assert.equal(narrow.successes, 0);
  assert.equal(wide?.successes, 3);
  assert.ok((wide.medianSteps ?? Infinity) <= TINY.steps);
  assert.equal(r.done, true);
  assert.equal(r.curves.length, 2);
  const c = r.curves[1];
  assert.ok(c !== undefined && c.test.length === c.step.length && (c.test.at(-1) ?? 0) >= 0.99);
  // One partial per finished cell, the cells filling in.
  assert.deepEqual(
    partials.map((p) => [p.cells.length, p.totalCells, p.done]),
    [
      [1, 2, false],
      [2, 2, false],
    ],
  );
});

test('the lottery ticket: top neurons read S; rewound alone they learn, random ones of that size do not', async () => {
  const r = await tinyGrid();
  const shown = r.neurons;
  assert.ok(shown !== undefined && shown.width === 64 && shown.succeeded);
  const top = shown.neurons[0];
  assert.ok(top !== undefined);
  const heaviest = top.weights
    .map((w, i) => [Math.abs(w), i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 2)
    .map((e) => e[1])
    .sort((a, b) => a - b);
  assert.deepEqual(heaviest, r.support);
  const w = r.rewind;
  assert.ok(w !== undefined);
  assert.equal(w.keep, 4);
  assert.equal(w.top.runs, 3);
  assert.equal(w.top.successes, 3, JSON.stringify(w));
  assert.ok(w.random.successes < w.top.successes, JSON.stringify(w));
});
