import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenScore } from '../../../src/core/analyses/surprisal/tokenScores';
import { LensError } from '../../../src/core/errors';
import { displayCells, surprisalLevel, cellAt } from '../../../src/host/surprisal/displayCells';

test('hand-worked softmax: logits [0, ln 3] give p = [1/4, 3/4]', () => {
  const logits = Float32Array.from([9, 9, 0, Math.log(3)]); // second row starts at offset 2
  const a = tokenScore(logits, 2, 2, 0);
  assert.ok(Math.abs(a.bits - 2) < 1e-6);
  const b = tokenScore(logits, 2, 2, 1);
  assert.ok(Math.abs(b.bits - Math.log2(4 / 3)) < 1e-6);
  assert.deepEqual(
    b.top.map((c) => c.id),
    [1, 0],
  );
  assert.ok(Math.abs((b.top[0]?.p ?? 0) - 0.75) < 1e-6);
});

test('stable for huge logits, and top-k is sorted by probability', () => {
  const logits = Float32Array.from([1000, 1001, 999, 1002, 998, 1003]);
  const s = tokenScore(logits, 0, 6, 5, 3);
  assert.ok(Number.isFinite(s.bits) && s.bits > 0 && s.bits < 1.5);
  assert.deepEqual(
    s.top.map((c) => c.id),
    [5, 3, 1],
  );
});

test('refuses a target outside the vocabulary', () => {
  assert.throws(() => tokenScore(new Float32Array(4), 0, 4, 4), RangeError);
});

test('display cells merge the bytes of one character and sum their bits', () => {
  const tok = (start: number, end: number, surprisal: number) => ({ text: '', start, end, surprisal });
  const cells = displayCells([tok(0, 1, 1), tok(1, 2, 2), tok(1, 2, 3), tok(2, 4, 0.5), tok(2, 4, 0.5)]);
  assert.deepEqual(
    cells.map((c) => [c.start, c.end, c.surprisal, c.count]),
    [
      [0, 1, 1, 1],
      [1, 2, 5, 2],
      [2, 4, 1, 2],
    ],
  );
  assert.equal(cellAt(cells, 1)?.surprisal, 5);
  assert.equal(cellAt(cells, 3)?.start, 2);
  assert.equal(cellAt(cells, 4), undefined);
  assert.equal(surprisalLevel(0.5), 0);
  assert.equal(surprisalLevel(1), 1);
  assert.equal(surprisalLevel(100), 7);
});

test('a NaN or infinite logit is refused as a damaged model, never scored', () => {
  for (const bad of [NaN, Infinity]) {
    const logits = new Float32Array([0.5, bad, 1]);
    assert.throws(
      () => tokenScore(logits, 0, 3, 0),
      (e: unknown) => e instanceof LensError && e.code === 'bad-model' && /not a finite number/u.test(e.message),
    );
  }
  // -Infinity on another token is a masked token, still a finite score for the target.
  assert.ok(Number.isFinite(tokenScore(new Float32Array([0, -Infinity, 1]), 0, 3, 0).bits));
});
