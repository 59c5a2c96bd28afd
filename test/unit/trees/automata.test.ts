import assert from 'node:assert/strict';
import { test } from 'node:test';
import { automatonDemo, automatonSequence, MOD3, PARITY } from '../../../src/core/analyses/trees/automata';

const decode = (ids: ArrayLike<number>) => String.fromCharCode(...Array.from(ids));

test('layouts read as text: interleaved, separated (the paper) and direct', () => {
  assert.equal(decode(automatonSequence(PARITY, [1, 0, 1, 1], 'interleaved').ids), 'e1o0o1e1o');
  assert.equal(decode(automatonSequence(PARITY, [1, 0, 1, 1], 'separated').ids), '1011|ooeo');
  assert.equal(decode(automatonSequence(MOD3, [1, 1, 0, 1], 'direct').ids), '1101=a');
  assert.deepEqual(Array.from(automatonSequence(PARITY, [1, 0], 'interleaved').targets ?? [], Boolean), [
    false,
    false,
    true,
    false,
    true,
  ]);
});

for (const a of [PARITY, MOD3]) {
  test(`${a.name}: a depth-3 tree with interleaved CoT is exact at 1× and 10× the training length`, () => {
    const r = automatonDemo(a, 'interleaved', { trainLength: 8, scale: 10, testCount: 300 });
    assert.ok(r.depth <= 3);
    assert.equal(r.accuracy1x, 1);
    assert.equal(r.accuracyLong, 1);
  });

  test(`${a.name}: the paper's separated CoT (window n+1) is exact at the training length only`, () => {
    const r = automatonDemo(a, 'separated', { trainLength: 8, scale: 10, testCount: 300 });
    assert.equal(r.accuracy1x, 1);
    assert.ok(r.accuracyLong < 0.7, `10×: ${r.accuracyLong}`);
  });

  test(`${a.name}: the same tree family without CoT stays near chance`, () => {
    const r = automatonDemo(a, 'direct', { trainLength: 8, scale: 10, testCount: 1000 });
    const chance = 1 / a.states.length;
    assert.ok(Math.abs(r.accuracy1x - chance) < 0.1, `1×: ${r.accuracy1x}`);
    assert.ok(Math.abs(r.accuracyLong - chance) < 0.1, `10×: ${r.accuracyLong}`);
  });
}
