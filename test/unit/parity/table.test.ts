import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTable } from '../../../src/core/analyses/parity/table';
import { compareOnTable } from '../../../src/core/analyses/parity/tableCompare';
import { LensError } from '../../../src/core/errors';
import { TABLE_OPTIONS } from '../../../src/shared/parity';
import { FIXTURES } from '../helpers';

const THREE = join(FIXTURES, 'parity', 'three-classes.csv');
const dir = mkdtempSync(join(tmpdir(), 'parity-table-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const badInput = (pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === 'bad-input' && pattern.test(e.message);

test('a table: the last column is the label, text columns and incomplete rows are left out with notes', async () => {
  const t = await readTable(THREE);
  assert.equal(t.label, 'kind');
  assert.deepEqual(t.features, ['f1', 'f2', 'f3']);
  assert.deepEqual(t.classes, ['high', 'low', 'mid']);
  assert.equal(t.rows, 400);
  assert.equal(t.notes.length, 2);
  assert.match(t.notes.join(' '), /note/u);
  assert.match(t.notes.join(' '), /1 rows with a blank/u);
  // Row 0: 0.3103, -0.3904, 6.750 → mid (a + b = −0.08).
  assert.deepEqual(Array.from(t.x.subarray(0, 3)), [0.3103, -0.3904, 6.75].map(Math.fround));
  assert.equal(t.classes[t.y[0] ?? -1], 'mid');
});

test('bad tables: an unknown label column lists the columns; one class; too few rows; no numeric feature', async () => {
  await assert.rejects(readTable(THREE, 'species'), badInput(/no column "?species"?.*f1, f2, f3, note, kind/u));
  await assert.rejects(readTable(file('one.csv', `a,b\n${'1,x\n'.repeat(20)}`)), badInput(/1 distinct values/u));
  await assert.rejects(readTable(file('few.csv', 'a,b\n1,x\n2,y\n')), badInput(/2 complete rows/u));
  await assert.rejects(
    readTable(file('text.csv', `a,b\n${'u,x\nv,y\n'.repeat(10)}`)),
    badInput(/no column of numbers/u),
  );
  await assert.rejects(
    compareOnTable({
      path: THREE,
      fractions: [1],
      testShare: 0.2,
      width: 10,
      sparsity: 2,
      steps: 10,
      seed: 1,
      allowLocalFiles: false,
    }),
    badInput(/restricted/u),
  );
});

test('MLP vs trees on three classes split by f1 + f2: each method beats the majority at 10 and 100 %', async () => {
  const r = await compareOnTable({
    path: THREE,
    fractions: [0.1, 1],
    testShare: TABLE_OPTIONS.testShare.default,
    width: 200,
    sparsity: 2,
    steps: 1500,
    seed: 1,
    allowLocalFiles: true,
  });
  assert.equal(r.testRows, 80);
  assert.equal(r.trainRows, 320);
  assert.deepEqual(
    r.scores.map((s) => [s.method, s.fraction, s.trainRows]),
    [
      ['mlp', 0.1, 32],
      ['cart', 0.1, 32],
      ['boosted', 0.1, 32],
      ['mlp', 1, 320],
      ['cart', 1, 320],
      ['boosted', 1, 320],
    ],
  );
  for (const s of r.scores.filter((x) => x.fraction === 1))
    assert.ok(s.testAccuracy > r.majority + 0.2, `${s.method}: ${s.testAccuracy} vs majority ${r.majority}`);
  // On 32 rows too (boosted trees grew no split there while their leaves needed 20 rows each).
  for (const s of r.scores.filter((x) => x.fraction === 0.1))
    assert.ok(s.testAccuracy > r.majority + 0.1, `${s.method} at 10 %: ${s.testAccuracy} vs majority ${r.majority}`);
  const mlp = r.scores.find((s) => s.method === 'mlp' && s.fraction === 1);
  assert.ok((mlp?.testAccuracy ?? 0) >= 0.85, JSON.stringify(r.scores));
});
