/**
 * The live length probe: the panel asks the engine for one length at a time (`lengths: [n]`) and
 * merges the answers with `probeMerge`; the merged curves equal one whole run's, marked `upTo` while
 * lengths remain. The merge itself is checked on hand-made curves, and the params on `lengths`.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { probeMerge } from '../../../src/host/positions/probeMerge';
import { Engine } from '../../../src/engine/engine';
import {
  LengthProbeParamsSchema,
  LengthProbeResultSchema,
  lengthProbeRequest,
  type LengthProbeResult,
} from '../../../src/shared/lengthProbe';
import { check } from '../../../src/shared/schema';
import { MODELS } from '../helpers';

const engine = new Engine(MODELS, () => undefined);
const job = { signal: new AbortController().signal, progress: () => undefined };
after(() => engine.dispose());

const part = (n: number, ppc: number, absolute: number, ids: number): LengthProbeResult => ({
  task: 'addition',
  carryHeavy: false,
  lengths: [n],
  curves: [
    {
      method: 'ppc',
      model: 'p',
      trainMaxLength: 10,
      accuracy: [ppc],
      idAccuracy: [ids],
      byLengthChain: [[{ chain: n - 1, problems: 4, correct: 4 * ppc }]],
      byChain: [{ chain: n - 1, problems: 4, correct: 4 * ppc }],
    },
    { method: 'absolute', model: 'a', trainMaxLength: 10, accuracy: [absolute] },
  ],
  trainMaxLength: 10,
  samples: 4,
  seed: 1,
});

test('probeMerge appends each length and says how far the run goes until the last length is in', () => {
  const one = probeMerge(undefined, part(1, 1, 1, 1), 3);
  assert.equal(one.upTo, 3);
  const two = probeMerge(one, part(2, 0.75, 0.5, 0.875), 3);
  assert.deepEqual(two.lengths, [1, 2]);
  assert.deepEqual(two.curves[0]?.accuracy, [1, 0.75]);
  assert.deepEqual(two.curves[0]?.idAccuracy, [1, 0.875]);
  assert.deepEqual(two.curves[0]?.byChain, [
    { chain: 0, problems: 4, correct: 4 },
    { chain: 1, problems: 4, correct: 3 },
  ]);
  assert.deepEqual(two.curves[1]?.accuracy, [1, 0.5]);
  assert.equal(two.curves[1]?.idAccuracy, undefined);
  assert.equal(two.upTo, 3);
  assert.ok(check(LengthProbeResultSchema, two).ok);
  const three = probeMerge(two, part(3, 0, null as unknown as number, 0.5), 3);
  assert.equal(three.upTo, undefined, 'complete: no upTo');
  assert.deepEqual(three.curves[1]?.accuracy, [1, 0.5, null]);
  assert.ok(check(LengthProbeResultSchema, three).ok);
});

test('probeMerge refuses parts whose models differ', () => {
  const other = { ...part(2, 1, 1, 1), curves: [...part(2, 1, 1, 1).curves].reverse() };
  assert.throws(() => probeMerge(part(1, 1, 1, 1), other, 3), { code: 'internal' });
});

test('lengths probed one at a time and merged equal one whole run', async () => {
  const params = { task: 'addition' as const, maxLength: 4, samples: 3, seed: 2, carryHeavy: true };
  const whole = await engine.run(lengthProbeRequest, params, job);
  let live: LengthProbeResult | undefined;
  for (let n = 1; n <= 4; n++) {
    const one = await engine.run(lengthProbeRequest, { ...params, lengths: [n] }, job);
    assert.deepEqual(one.lengths, [n], 'the engine probes only the length asked for');
    live = probeMerge(live, one, 4);
    assert.equal(live.upTo, n < 4 ? 4 : undefined);
  }
  assert.deepEqual(live, whole);
});

test('params: lengths must be within 1 … maxLength', () => {
  const params = { task: 'copy', maxLength: 4, samples: 3, seed: 2 };
  assert.ok(check(LengthProbeParamsSchema, { ...params, lengths: [4] }).ok);
  const over = check(LengthProbeParamsSchema, { ...params, lengths: [5] });
  assert.equal(over.ok, false);
  if (!over.ok) assert.match(over.message, /lengths: each must be at most maxLength/u);
  assert.equal(check(LengthProbeParamsSchema, { ...params, lengths: [] }).ok, false);
  assert.equal(check(LengthProbeParamsSchema, { ...params, lengths: [0] }).ok, false);
});
