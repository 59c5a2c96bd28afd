import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ARDT_MIN_SAMPLES,
  ardtAccuracy,
  ardtGenerate,
  ardtGenerateText,
  ardtPredict,
  ardtTrain,
  ardtTrainIds,
} from '../../../src/core/analyses/trees/ardt';
import { ardtLoad, ardtSave } from '../../../src/core/analyses/trees/ardtJson';
import { embeddingRandom } from '../../../src/core/random/rng';
import { LensError } from '../../../src/core/errors';
import { FIXTURES } from '../helpers';

const text = readFileSync(join(FIXTURES, 'trees', 'corpus.txt'), 'utf8');
const ids = new TextEncoder().encode(text);
const embedding = { table: embeddingRandom(256, 4, 3), dim: 4, decay: 0.8, name: 'test-random' };
const isLens = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === code && pattern.test(e.message);

test('learns the training text well and held-out text better than the most frequent byte', () => {
  const cut = Math.floor(text.length * 0.8);
  const model = ardtTrain(text.slice(0, cut), { window: 12 });
  const train = ardtAccuracy(model, text.slice(0, cut)).accuracy;
  assert.ok(train > 0.7, `training accuracy ${train}`);
  const held = ardtAccuracy(model, text.slice(cut));
  const counts = new Map<number, number>();
  for (const b of ids.subarray(cut)) counts.set(b, (counts.get(b) ?? 0) + 1);
  const unigram = Math.max(...counts.values()) / (ids.length - cut);
  assert.ok(held.accuracy > unigram, `held-out ${held.accuracy} vs most frequent byte ${unigram}`);
});

test('greedy generation continues a memorised pattern; sampling is reproducible from its seed', () => {
  const model = ardtTrain(text, { window: 16, cart: { maxDepth: 40, minLeaf: 1 } });
  const greedy = ardtGenerateText(model, '  if (b === 0) throw new Err', { maxTokens: 24 });
  assert.equal(greedy.text, "or('division by zero');\n");
  const a = ardtGenerate(model, ids.subarray(0, 40), { maxTokens: 30, temperature: 1, seed: 5 });
  const b = ardtGenerate(model, ids.subarray(0, 40), { maxTokens: 30, temperature: 1, seed: 5 });
  assert.deepEqual(a.ids, b.ids);
  assert.equal(a.ids.length, 30);
  const traced = ardtGenerate(model, ids.subarray(0, 40), { maxTokens: 3, traces: true });
  assert.equal(traced.traces.length, 3);
});

for (const learner of ['cart', 'boosted'] as const) {
  test(`save → load predicts the same at every position (${learner}, with embeddings)`, () => {
    const model = ardtTrain(text, { window: 8, embedding, learner, boosted: { rounds: 3, maxClasses: 6 } });
    const json = ardtSave(model);
    const loaded = ardtLoad(json);
    assert.equal(ardtSave(loaded), json);
    assert.equal(loaded.embeddingName, 'test-random');
    for (let t = 1; t <= ids.length; t += learner === 'cart' ? 1 : 5) {
      const p = ardtPredict(model, ids, t);
      const q = ardtPredict(loaded, ids, t);
      assert.equal(q.token, p.token, `position ${t}`);
      assert.deepEqual(q.top, p.top);
    }
  });
}

test('too little text is refused with the minimum in the message', () => {
  assert.throws(
    () => ardtTrain('tiny'),
    isLens('bad-input', new RegExp(`3 tokens to learn from, at least ${ARDT_MIN_SAMPLES} needed`)),
  );
  assert.throws(() => ardtTrain(''), isLens('bad-input', /Too little text/));
});

test('token ids outside the vocabulary and bad windows are refused', () => {
  assert.throws(
    () => ardtTrainIds([{ ids: [1, 2, 300] }], { vocabSize: 256 }),
    isLens('bad-input', /outside the vocabulary 0\.\.255/),
  );
  assert.throws(() => ardtTrain(text, { window: -1 }), isLens('bad-input', /window/));
  const dense = ardtTrainIds([{ ids: Array.from(ids.subarray(0, 200)), dense: new Float32Array(200) }], {
    dense: { dim: 1, source: 'h' },
  });
  assert.throws(() => ardtGenerate(dense, [65]), isLens('bad-input', /denseOf/));
});

test('corrupt or foreign JSON is refused with bad-model and a reason', () => {
  const json = ardtSave(ardtTrain(text, { window: 4 }));
  assert.throws(() => ardtLoad('{ not json'), isLens('bad-model', /not JSON/));
  assert.throws(
    () => ardtLoad('{"format":"onnx","version":1}'),
    isLens('bad-model', /not a Model Lens decision-tree model.*"onnx"/),
  );
  assert.throws(() => ardtLoad('[1,2]'), isLens('bad-model', /format is null/));
  assert.throws(() => ardtLoad(json.replace('"version":1', '"version":9')), isLens('bad-model', /version 9/));
  const o = JSON.parse(json) as { learner: { tree: { yes: string; feature: string }; kind: string } };
  const broken = structuredClone(o);
  broken.learner.tree.yes = Buffer.from(
    new Int32Array(Buffer.from(o.learner.tree.yes, 'base64').length / 4).fill(0).buffer,
  ).toString('base64');
  assert.throws(() => ardtLoad(JSON.stringify(broken)), isLens('bad-model', /points outside the tree/));
  const short = structuredClone(o);
  short.learner.tree.feature = short.learner.tree.feature.slice(0, 8);
  assert.throws(() => ardtLoad(JSON.stringify(short)), isLens('bad-model', /learner\.tree\.feature/));
  const kind = structuredClone(o);
  kind.learner.kind = 'forest';
  assert.throws(() => ardtLoad(JSON.stringify(kind)), isLens('bad-model', /neither "cart" nor "boosted"/));
});
