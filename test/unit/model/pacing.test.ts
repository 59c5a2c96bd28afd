import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchSizer } from '../../../src/core/model/pacing';

test('batches are sized from their measured time, between one item and the most allowed', () => {
  const sizer = new BatchSizer(16, 60);
  assert.equal(sizer.next, 1, 'the first batch holds one item');
  sizer.record(1, 10); // 10 ms an item: 6 fit in 60 ms
  assert.equal(sizer.next, 6);
  sizer.record(6, 600); // 100 ms an item: still one at a time
  assert.equal(sizer.next, 1);
  sizer.record(1, 0); // instant: the most allowed
  assert.equal(sizer.next, 16);
});
