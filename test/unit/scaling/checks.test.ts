import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitDataset } from '../../../src/core/analyses/scaling/datasetFit';
import { lossToLoss } from '../../../src/core/analyses/scaling/lossToLoss';
import { LensError } from '../../../src/core/errors';

const options = { law: 'compute' as const, holdOut: 'none' as const, bootstrap: 0, seed: 1 };
const run = (i: number, over: Record<string, number> = {}) => ({
  where: `run s${i}`,
  run: `s${i}`,
  N: 1e7 * (i + 1),
  D: 1e9,
  C: 6e16 * (i + 1),
  loss: 3 - 0.1 * i,
  ...over,
});
const runs = (n: number) => Array.from({ length: n }, (_, i) => run(i));

async function refuses(f: () => Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(f, (e: unknown) => e instanceof LensError && e.code === 'bad-input' && message.test(e.message));
}

test('bad runs are refused with a message naming the run', async () => {
  await refuses(() => fitDataset('code', 'loss', runs(4), options), /Dataset "code" has 4 runs, fewer than the 5/u);
  await refuses(
    () => fitDataset('code', 'loss', [...runs(5), run(5, { N: 0 })], options),
    /^run s5: N \(parameters\) is 0/u,
  );
  await refuses(
    () => fitDataset('code', 'loss', [...runs(5), run(5, { D: -3 })], options),
    /^run s5: D \(tokens\) is -3/u,
  );
  await refuses(
    () => fitDataset('code', 'loss', [...runs(5), run(5, { loss: Number.NaN })], options),
    /^run s5: the loss is NaN/u,
  );
  await refuses(
    () => fitDataset('code', 'loss', runs(5), { ...options, holdOut: 'largest' }),
    /without its held-out run has 4 runs/u,
  );
  await refuses(
    () => fitDataset('code', 'loss', runs(2), { ...options, law: 'power' }),
    /fewer than the 3 parameters/u,
  );
});

const l2l = { predict: [], holdOut: 'none' as const, bootstrap: 0, seed: 1 };
const pairs = [2.5, 2.8, 3.2, 3.9].map((x, i) => ({ where: `row ${i + 2}`, x, y: 0.6 * (x - 1.9) ** 1.1 + 0.85 }));

test('bad pairs are refused with a message naming the row', async () => {
  await refuses(
    () => lossToLoss(pairs, { ...l2l, e0: 2.6, e1: 0.85 }),
    /^row 2: the x loss 2\.5 is not above its E = 2\.6/u,
  );
  await refuses(
    () => lossToLoss(pairs, { ...l2l, e0: 1.9, e1: 1.3 }),
    /^row 2: the y loss [\d.]+ is not above its E = 1\.3/u,
  );
  await refuses(() => lossToLoss(pairs.slice(0, 3), l2l), /3 pairs, fewer than the 4 parameters of the both-free fit/u);
  await refuses(() => lossToLoss(pairs.slice(0, 1), { ...l2l, e0: 1.9, e1: 0.85 }), /fewer than the 2 parameters/u);
  const flat = [2.5, 2.5, 2.5, 2.5].map((x, i) => ({ where: `row ${i + 2}`, x, y: 1 + 0.1 * i }));
  await refuses(() => lossToLoss(flat, { ...l2l, e0: 1.9, e1: 0.85 }), /No loss-to-loss law fits these 4 pairs/u);
  const nan = [...pairs, { where: 'row 9', x: Number.NaN, y: 1 }];
  await refuses(() => lossToLoss(nan, { ...l2l, e0: 1.9, e1: 0.85 }), /^row 9: the x loss is NaN/u);
  await refuses(() => lossToLoss(pairs, { ...l2l, e0: 1.9, e1: 0.85, predict: [1.5] }), /Cannot predict at x = 1\.5/u);
});
