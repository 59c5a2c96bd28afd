import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { TreesJobs } from '../../../src/engine/treesJobs';
import { FIXTURES, MODELS } from '../helpers';

const corpus = readFileSync(join(FIXTURES, 'trees', 'corpus.txt'), 'utf8');
const sample = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');
const never = new AbortController().signal;
const params = (features: 'tokens' | 'embedding' | 'hidden') => ({
  sources: [{ name: 'corpus.txt', text: corpus }, { name: 'sample.ts', text: sample }], skipped: [],
  learner: 'cart' as const, window: 8, depth: 10, minLeaf: 2, features,
});

for (const features of ['tokens', 'embedding', 'hidden'] as const) {
  test(`trees on ${features}: train, trace with exact replay, save and reload`, async () => {
    const jobs = new TreesJobs(MODELS);
    const s = await jobs.train(params(features), never, () => undefined);
    assert.ok(s.trainAccuracy > 0.3 && s.nodes > 10, JSON.stringify(s));
    const at = sample.indexOf('push(value');
    const r = await jobs.trace({ modelId: s.modelId, text: sample, at, source: 'sample.ts' }, never);
    assert.equal(r.replayed, true);
    assert.equal(r.position.start, at);
    assert.ok(r.trees[0]?.root.onPath);
    const again = jobs.load(jobs.save(s.modelId), 'saved.json');
    const r2 = await jobs.trace({ modelId: again.modelId, text: sample, at, source: 'sample.ts' }, never);
    assert.equal(r2.predicted, r.predicted);
    assert.deepEqual(r2.top, r.top);
    if (features === 'hidden') {
      assert.match(s.features, /hidden state/u);
      assert.throws(() => jobs.generate({ modelId: s.modelId, prompt: 'x', maxTokens: 3, temperature: 0, seed: 1 }), LensError);
    } else {
      assert.equal(jobs.generate({ modelId: s.modelId, prompt: 'export ', maxTokens: 5, temperature: 0, seed: 1 }).text.length > 0, true);
    }
  });
}

test('a model id the engine does not hold says to train again', async () => {
  const jobs = new TreesJobs(MODELS);
  await assert.rejects(jobs.trace({ modelId: 'trees-99', text: 'abc', at: 1, source: 'x' }, never), /Train it again/u);
});
