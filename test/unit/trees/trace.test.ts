import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ardtNext, ardtPredict, ardtTrain } from '../../../src/core/analyses/trees/ardt';
import { featureDescriptors } from '../../../src/core/analyses/trees/features';
import { embeddingRandom } from '../../../src/core/random/rng';
import { replayTrace, stepText, tokenText, type PredictionTrace } from '../../../src/core/analyses/trees/trace';
import { quoteToken } from '../../../src/shared/tokenText';
import { FIXTURES } from '../helpers';

const text = readFileSync(join(FIXTURES, 'trees', 'corpus.txt'), 'utf8');
const ids = new TextEncoder().encode(text);
const embedding = { table: embeddingRandom(256, 4, 7), dim: 4, decay: 0.7 };

test('CART traces replay to the model prediction at every position', () => {
  const model = ardtTrain(text, { window: 8, embedding, cart: { maxDepth: 10 } });
  const row = new Float32Array(featureDescriptors(model.spec).length);
  for (let t = 1; t <= ids.length; t++) {
    const p = ardtPredict(model, ids, t);
    assert.equal(replayTrace(p.trace), p.token, `position ${t}`);
    assert.equal(p.token, ardtNext(model, ids, t, row), `fast path at ${t}`);
  }
});

test('boosted traces replay to the model prediction', () => {
  const model = ardtTrain(text, {
    window: 6,
    embedding,
    learner: 'boosted',
    boosted: { rounds: 4, maxClasses: 8, minLeaf: 5 },
  });
  for (let t = 1; t <= ids.length; t += 7) {
    const p = ardtPredict(model, ids, t);
    assert.equal(p.trace.trees.length, 4 * 9);
    assert.equal(replayTrace(p.trace), p.token, `position ${t}`);
  }
});

test('token steps say where the token read sits in the input, and read in words', () => {
  const model = ardtTrain(text, { window: 8, cart: { maxDepth: 8, tokenSplit: 'equals' } });
  const t = text.indexOf('return a + b') + 7;
  const p = ardtPredict(model, ids, t);
  const steps = p.trace.trees[0]?.steps ?? [];
  assert.ok(steps.length > 0);
  for (const s of steps) {
    if (s.descriptor.kind !== 'token') continue;
    assert.equal(s.position, t - s.descriptor.offset);
    assert.equal(s.value, ids[s.position ?? -1]);
    assert.match(
      stepText(s),
      /^(the previous token|the token \d+ back) \(at \d+\) is (["'`]).+\2: == (["'`]).+\3 → (yes|no)$/u,
    );
  }
});

test('a tampered trace is refused', () => {
  const model = ardtTrain(text, { window: 8 });
  const p = ardtPredict(model, ids, 200);
  const tree = p.trace.trees[0];
  const first = tree?.steps[0];
  assert.ok(tree !== undefined && first !== undefined);
  const flipped =
    first.test === '=='
      ? first.value === first.threshold
        ? first.threshold + 1
        : first.threshold
      : first.value <= first.threshold
        ? first.threshold + 1
        : first.threshold;
  const bad: PredictionTrace = {
    ...p.trace,
    trees: [{ ...tree, steps: [{ ...first, value: flipped }, ...tree.steps.slice(1)] }],
  };
  assert.throws(() => replayTrace(bad), /wrong branch/);
});

test('tokens read as in the file: invisible characters made visible, a partial UTF-8 byte as <0xE2>', () => {
  assert.equal(tokenText(65), 'A');
  assert.equal(tokenText(10), '↵');
  assert.equal(tokenText(9), '⇥');
  assert.equal(tokenText(32), '␣');
  assert.equal(tokenText(34), '"');
  assert.equal(tokenText(7), '<0x07>');
  assert.equal(tokenText(0xe2), '<0xE2>');
  assert.equal(tokenText(-1), '(start of text)');
  assert.equal(tokenText(300), '#300');
});

test('a quoted token never reads as three double quotes', () => {
  assert.equal(quoteToken('('), '"("');
  assert.equal(quoteToken('"'), `'"'`);
  assert.equal(quoteToken(`'"`), '`\'"`');
});
