/**
 * Tree training as steps: the same model straight through or in slices, a cancel honoured between
 * nodes and boosting trees (not only at the end), and the engine's training leaving the event loop
 * free so a cancel sent while it works arrives.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ardtTrainIds, ardtTrainIdsSteps } from '../../../src/core/analyses/trees/ardt';
import { ardtSave } from '../../../src/core/analyses/trees/ardtJson';
import { stepsRun, stepsRunAsync } from '../../../src/core/analyses/trees/steps';
import { LensError } from '../../../src/core/errors';
import { TreeModels } from '../../../src/engine/trees/models';
import { FIXTURES, MODELS } from '../helpers';

const text = readFileSync(join(FIXTURES, 'trees', 'corpus.txt'), 'utf8');
const sequences = [{ ids: new TextEncoder().encode(text) }];
const isCancelled = (e: unknown) => e instanceof LensError && e.code === 'cancelled';

test('training in slices gives the same model as straight through', async () => {
  for (const learner of ['cart', 'boosted'] as const) {
    const options = { window: 8, learner, boosted: { rounds: 2 } };
    const sliced = await stepsRunAsync(ardtTrainIdsSteps(sequences, options));
    assert.equal(ardtSave(sliced), ardtSave(ardtTrainIds(sequences, options)), learner);
  }
});

test('a cancel after N steps stops CART training at that step', async () => {
  let total = 0;
  stepsRun(
    (function* () {
      const steps = ardtTrainIdsSteps(sequences, { window: 8 });
      for (let r = steps.next(); r.done !== true; r = steps.next()) {
        total++;
        yield;
      }
    })(),
  );
  assert.ok(total > 100, `${total} steps (rows, columns, nodes)`);
  const controller = new AbortController();
  let seen = 0;
  const onStep = (): void => {
    if (++seen === 50) controller.abort();
  };
  await assert.rejects(
    stepsRunAsync(ardtTrainIdsSteps(sequences, { window: 8 }), controller.signal, onStep),
    isCancelled,
  );
  assert.equal(seen, 50, 'no step after the cancel');
});

test('a cancel between boosting rounds stops boosting', async () => {
  const controller = new AbortController();
  let seen = 0;
  const onStep = (): void => {
    if (++seen === 200) controller.abort();
  };
  const steps = ardtTrainIdsSteps(sequences, { window: 8, learner: 'boosted', boosted: { rounds: 50 } });
  await assert.rejects(stepsRunAsync(steps, controller.signal, onStep), isCancelled);
  assert.equal(seen, 200);
});

test('the engine trains with the event loop free: a cancel sent on the next turn arrives', async () => {
  const models = new TreeModels(MODELS);
  const controller = new AbortController();
  const big = text.repeat(20);
  let turns = 0;
  const tick = (): void => {
    turns++;
    if (turns === 3) controller.abort();
    else setImmediate(tick);
  };
  setImmediate(tick);
  const job = { signal: controller.signal, progress: () => undefined };
  const input = {
    sources: [{ name: 'big.txt', text: big }],
    skipped: [],
    features: 'tokens' as const,
    learner: 'cart' as const,
    window: 16,
    depth: 16,
    minLeaf: 2,
  };
  await assert.rejects(models.train(input, job), isCancelled);
  assert.equal(turns, 3, 'the event loop turned while training');
});
