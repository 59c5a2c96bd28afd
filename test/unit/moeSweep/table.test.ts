import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { headlineChecks } from '../../../src/core/analyses/moeSweep/headline';
import { readSweepModels, sweepModels } from '../../../src/core/analyses/moeSweep/table';
import { LensError } from '../../../src/core/errors';
import type { SweepModel } from '../../../src/shared/moeSweep';
import { FIXTURES } from '../helpers';

const DIR = join(FIXTURES, 'moeSweep');

test('the sweep table reads the moe entries of a manifest, by task, MoE in order of E, then dense by width', () => {
  const models = readSweepModels(DIR);
  assert.deepEqual(
    models.map((m) => m.name),
    ['phonebook', 'paths'].flatMap((t) =>
      ['e1', 'e2', 'e4', 'e8', 'e16', 'dense1x', 'dense2x'].map((s) => `moe-${t}-${s}`),
    ),
  );
  const e4 = models.find((m) => m.name === 'moe-phonebook-e4');
  assert.deepEqual(e4, {
    name: 'moe-phonebook-e4',
    task: 'phonebook',
    kind: 'moe',
    experts: 4,
    topK: 2,
    layers: 2,
    dModel: 64,
    dExpert: 64,
    totalParams: 3000,
    activeParams: 2000,
    accuracy: 0.42,
    evalItems: 100,
  });
  const dense = models.filter((m) => m.kind === 'dense');
  assert.deepEqual(
    dense.map((m) => [m.name, m.width, m.experts, m.topK]),
    [
      ['moe-phonebook-dense1x', 1, 0, 0],
      ['moe-phonebook-dense2x', 2, 0, 0],
      ['moe-paths-dense1x', 1, 0, 0],
      ['moe-paths-dense2x', 2, 0, 0],
    ],
  );
});

test('a dense model whose name gives no width gets it from its size against the narrowest', () => {
  const moe = { task: 'paths', experts: 0, topK: 0, layers: 1, dModel: 8, dExpert: 8, accuracy: 0.5, evalItems: 1 };
  const models = sweepModels([
    { name: 'narrow', moe: { ...moe, totalParams: 300, activeParams: 300 } },
    { name: 'wide', moe: { ...moe, totalParams: 900, activeParams: 900 } },
  ]);
  assert.deepEqual(
    models.map((m) => [m.name, m.width]),
    [
      ['narrow', 1],
      ['wide', 3],
    ],
  );
});

test('a malformed moe field is refused naming the model and the field', () => {
  const bad = { task: 'phonebook', experts: -1, topK: 2 };
  assert.throws(
    () => sweepModels([{ name: 'moe-x', moe: bad }]),
    (e: unknown) => e instanceof LensError && /moe-x, field "moe"/.test(e.message) && /experts/.test(e.message),
  );
});

test('the headline checks on the fixture hold, with the hand-worked points', () => {
  const h = headlineChecks(readSweepModels(DIR), 'build');
  // Phone book 30 % at E = 2, 65 % at E = 16: +35 points ≥ 30.
  assert.equal(h.phonebookRise.holds, true);
  assert.ok(Math.abs((h.phonebookRise.points ?? NaN) - 35) < 1e-9);
  // Paths across E: 50, 56, 58, 53, 55 % → range 8 points; dense 52 % → 70 %: gap 18 points; 8 < 18.
  assert.ok(Math.abs((h.pathRange.points ?? NaN) - 8) < 1e-9);
  assert.ok(Math.abs((h.denseGap.points ?? NaN) - 18) < 1e-9);
  assert.equal(h.pathRange.holds, true);
  assert.match(h.phonebookRise.text, /30\.0 % at E = 2, 65\.0 % at E = 16, a rise of 35\.0 points \(at least 30\)/);
  assert.match(
    h.pathRange.text,
    /from 50\.0 % to 58\.0 % across E = 1, 2, 4, 8, 16, a range of 8\.0 points\. It is below/,
  );
});

/** A hand-made model of the sweep. */
const model = (task: SweepModel['task'], experts: number, accuracy: number, width?: number): SweepModel => ({
  name: `${task}-${experts}-${width ?? 0}`,
  task,
  kind: experts === 0 ? 'dense' : 'moe',
  experts,
  topK: experts === 0 ? 0 : 2,
  layers: 2,
  dModel: 32,
  dExpert: 32,
  totalParams: 1000 * Math.max(1, experts),
  activeParams: 1000,
  accuracy,
  evalItems: 10,
  ...(width === undefined ? {} : { width }),
});

test('the headline checks fail where the numbers say so, and say what is missing', () => {
  const failing = [
    model('phonebook', 2, 0.4),
    model('phonebook', 16, 0.6),
    model('paths', 2, 0.3),
    model('paths', 16, 0.6),
    model('paths', 0, 0.4, 1),
    model('paths', 0, 0.5, 2),
  ];
  const h = headlineChecks(failing, 'build');
  assert.equal(h.phonebookRise.holds, false);
  assert.ok(Math.abs((h.phonebookRise.points ?? NaN) - 20) < 1e-9);
  // Paths move 30 points across E, more than the dense gap of 10.
  assert.equal(h.pathRange.holds, false);
  assert.match(h.pathRange.text, /It is not below the dense gap/);

  const none = headlineChecks([model('phonebook', 2, 0.4)], 'build');
  assert.equal(none.phonebookRise.points, null);
  assert.equal(none.phonebookRise.holds, null);
  assert.match(none.phonebookRise.text, /^Cannot check: .*E = 2 and 16/);
  assert.match(none.denseGap.text, /dense 1× and 2× path models/);

  const live = headlineChecks(failing, 'live');
  assert.match(live.phonebookRise.text, /not measured yet/);
});
