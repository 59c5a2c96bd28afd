import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { poissonArrivals } from '../../../src/core/formats/traces/arrivals';
import { readTrace } from '../../../src/core/formats/traces/index';
import { FIXTURES, ROOT } from '../helpers';

const SERVING = join(FIXTURES, 'serving');
const list = (a: ArrayLike<number> | undefined) => (a === undefined ? undefined : Array.from(a));

test('JSONL: synonyms (timestamp, input_len, output_len), predicted, refined, blank lines', async () => {
  const read = await readTrace(join(SERVING, 'trace.jsonl'));
  assert.equal(read.format, 'jsonl');
  const w = read.workload;
  assert.deepEqual(list(w.arrival), [0.5, 0.5, 2.25]);
  assert.deepEqual(list(w.prompt), [12, 4, 40]);
  assert.deepEqual(list(w.size), [30, 3, 100]);
  assert.deepEqual(list(w.predicted), [28, 5, 90]);
  assert.deepEqual(list(w.refined?.[0]), [27, 25.5, 24]);
  assert.equal(w.refined?.[1], undefined);
  assert.deepEqual(read.notes, ['Columns ignored: user.']);
});

test('CSV: quoted refined arrays hold commas; an empty refined cell is none; others noted', async () => {
  const read = await readTrace(join(SERVING, 'trace.csv'));
  assert.equal(read.format, 'csv');
  assert.deepEqual(list(read.workload.arrival), [0, 1.5, 4]);
  assert.deepEqual(list(read.workload.prompt), [10, 20, 30]);
  assert.deepEqual(list(read.workload.size), [7, 3, 12]);
  assert.equal(read.workload.predicted, undefined);
  assert.deepEqual(list(read.workload.refined?.[0]), [6, 5.5]);
  assert.equal(read.workload.refined?.[1], undefined);
  assert.deepEqual(list(read.workload.refined?.[2]), [11]);
  assert.deepEqual(read.notes, ['Columns ignored: model.']);
});

test('TSV with CRLF line ends', async () => {
  const read = await readTrace(join(SERVING, 'trace.tsv'));
  assert.deepEqual(list(read.workload.arrival), [0, 3]);
  assert.deepEqual(list(read.workload.prompt), [5, 6]);
  assert.deepEqual(list(read.workload.size), [9, 2]);
});

test('the Alpaca lengths: 2,000 requests, 522,039 output tokens, Poisson arrivals drawn, noted', async () => {
  const read = await readTrace(join(ROOT, 'media', 'serving', 'alpaca-lengths.csv'));
  const w = read.workload;
  assert.equal(w.size.length, 2000);
  assert.equal(
    w.size.reduce((a, b) => a + b, 0),
    522039,
  );
  assert.equal(Math.max(...w.size), 512);
  assert.equal(Math.min(...w.size), 2);
  assert.deepEqual(list(w.arrival), list(poissonArrivals(2000, 1)));
  assert.match(read.notes[0] ?? '', /No arrival times: Poisson arrivals at 1 request per second/u);
});

test('Poisson arrivals: seeded, increasing, mean gap 1/rate within 1 %; rate Infinity: all at 0', () => {
  const a = poissonArrivals(200_000, 4);
  assert.deepEqual(list(a.subarray(0, 5)), list(poissonArrivals(5, 4)));
  for (let i = 1; i < a.length; i++) assert.ok((a[i] ?? 0) > (a[i - 1] ?? 0));
  const meanGap = (a[a.length - 1] ?? 0) / a.length;
  assert.ok(Math.abs(meanGap - 0.25) < 0.0025, `mean gap ${meanGap}`);
  assert.deepEqual(list(poissonArrivals(3, Infinity)), [0, 0, 0]);
  assert.notDeepEqual(list(poissonArrivals(3, 1, 1)), list(poissonArrivals(3, 1, 0)));
});
