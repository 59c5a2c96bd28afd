/**
 * @file The runner's list of benchmarks: BENCH_ONLY selection and the modules a selection needs.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BENCHES, type Bench, modulesOf, selectBenches } from '../../../bench/benches';
import { ROOT } from '../helpers';

const all: Bench[] = [
  { name: 'a', file: 'a.bench.ts', peers: [], modules: ['torch', 'numpy'] },
  { name: 'b', file: 'b.bench.ts', peers: [], modules: ['numpy', 'sklearn'] },
  { name: 'slow', file: 'slow.bench.ts', peers: [], modules: [], optIn: true },
];

test('no names: every benchmark but the opt-in ones, in order', () => {
  assert.deepEqual(
    selectBenches(undefined, all).map((b) => b.name),
    ['a', 'b'],
  );
  assert.deepEqual(
    selectBenches(' , ', all).map((b) => b.name),
    ['a', 'b'],
  );
});

test('names (comma or space separated) pick those, in run order, opt-in ones included', () => {
  assert.deepEqual(
    selectBenches('slow,a', all).map((b) => b.name),
    ['a', 'slow'],
  );
  assert.deepEqual(
    selectBenches('b slow', all).map((b) => b.name),
    ['b', 'slow'],
  );
});

test('an unknown name is refused with the known ones', () => {
  assert.throws(() => selectBenches('a,cursor', all), /Unknown benchmark "cursor": choose from a, b, slow\./u);
});

test('modulesOf: the union, sorted', () => {
  assert.deepEqual(modulesOf(all), ['numpy', 'sklearn', 'torch']);
  assert.deepEqual(modulesOf([]), []);
});

test('every listed benchmark script exists (but those another branch adds)', () => {
  for (const b of BENCHES)
    if (b.mayBeMissing !== true) assert.ok(existsSync(join(ROOT, 'bench', b.file)), `bench/${b.file}`);
  assert.equal(new Set(BENCHES.map((b) => b.name)).size, BENCHES.length);
});
