import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ablationDependencies } from '../../../src/core/analyses/dependencies/ablationDependencies';
import { ablationEffects } from '../../../src/core/analyses/dependencies/ablationEffects';
import { attentionDependencies } from '../../../src/core/analyses/dependencies/attentionDependencies';
import { byteTokens } from '../../../src/core/analyses/dependencies/byteTokens';
import { dependencyAgreement } from '../../../src/core/analyses/dependencies/dependencyAgreement';
import { loadDependencyModel, type DependencyModel } from '../../../src/core/analyses/dependencies/dependencyModel';
import { LensError } from '../../../src/core/errors';
import { MODELS } from '../helpers';

const text = 'function add(a, b) {\n  return a + b;\n}\nadd(1, 2);\n'; // 47 bytes
let model: DependencyModel;

before(async () => {
  model = await loadDependencyModel(MODELS, 'lens-lm');
});
after(async () => model.session.release());

for (const mode of ['replace', 'mask'] as const) {
  test(
    `ablation (${mode}): KL is non-negative, removing a token changes no earlier prediction, batched equals ` +
      `one at a time`,
    async () => {
      const ids = byteTokens(text, model.bosId).ids;
      const W = ids.length;
      const one = await ablationEffects(model, ids, { mode, batch: 1 });
      const batched = await ablationEffects(model, ids, { mode, batch: 8 });
      assert.equal(one.runs, W); // the baseline and W − 1 ablations (the BOS is not ablated)
      assert.equal(batched.runs, 1 + Math.ceil((W - 1) / 8));
      let worst = 0;
      let largest = 0;
      for (let j = 0; j < W; j++) {
        for (let t = 1; t < W; t++) {
          const e = one.effects[j * W + t] ?? NaN;
          assert.ok(e >= 0, `effect of ${j} on ${t} is ${e}`);
          // The prediction of t is made at t − 1 from tokens 0..t−1: removing j ≥ t cannot change it.
          if (j >= t) assert.ok(e < 1e-6, `later token ${j} moves the prediction of ${t} by ${e}`);
          worst = Math.max(worst, Math.abs(e - (batched.effects[j * W + t] ?? NaN)));
          largest = Math.max(largest, e);
        }
      }
      assert.ok(worst < 1e-5, `batched and one-at-a-time differ by ${worst}`);
      assert.ok(largest > 0.1, 'some earlier token matters');
    },
  );
}

test('ablation dependencies: k_δ counts effects above δ, top positions are earlier, ranked by effect', async () => {
  const delta = 0.05;
  const r = await ablationDependencies(model, text, { delta, k: 8, batch: 16 });
  const fx = await ablationEffects(model, r.ids, { batch: 16 });
  const W = r.ids.length;
  for (let t = 1; t < W; t++) {
    let count = 0;
    for (let j = 1; j < t; j++) if ((fx.effects[j * W + t] ?? 0) > delta) count++;
    assert.equal(r.kDelta[t], count, `k_δ of ${t}`);
    assert.equal(r.ablatedFrom[t], 1);
    for (let i = 0; i < Math.min(8, t - 1); i++) {
      const p = r.topPositions[t * 8 + i] ?? -1;
      assert.ok(p >= 1 && p < t);
      assert.ok(Math.abs((r.topWeights[t * 8 + i] ?? NaN) - (fx.effects[p * W + t] ?? NaN)) < 1e-5);
    }
  }
  assert.match(r.method, /neutral token 256/);
});

test('ablation of one target runs only the tokens before it', async () => {
  const t = 30;
  const r = await ablationDependencies(model, text, { targets: { from: t, to: t + 1 }, batch: 64 });
  assert.equal(r.runs, 2); // the baseline, and one batch ablating the 29 tokens 1..29 before t
  assert.ok(Number.isNaN(r.kDelta[t - 1] ?? 0) && Number.isNaN(r.kDelta[t + 1] ?? 0));
  assert.ok((r.kDelta[t] ?? NaN) >= 1);
  const full = await ablationDependencies(model, text, { batch: 64 });
  assert.deepEqual(
    [...r.topPositions.subarray(t * r.k, (t + 1) * r.k)],
    [...full.topPositions.subarray(t * r.k, (t + 1) * r.k)],
  );
});

test('attention and ablation agree far above chance on a short text', async () => {
  const abl = await ablationDependencies(model, text);
  const att = await attentionDependencies(model, text, { aggregate: 'mean' });
  const a = dependencyAgreement(att, abl, 4);
  assert.ok(a.tokens > 30);
  assert.ok(a.overlap > 2 * a.chanceOverlap, `overlap ${a.overlap}, chance ${a.chanceOverlap}`);
  assert.ok(a.jaccard > 0 && a.jaccard <= a.overlap);
});

test('ablation refuses bad options and honours cancellation', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(
    ablationDependencies(model, text, { signal: ac.signal }),
    (e: unknown) => e instanceof LensError && e.code === 'cancelled',
  );
  await assert.rejects(
    ablationDependencies(model, text, { batch: 0 }),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input',
  );
  await assert.rejects(
    ablationDependencies(model, text, { maxTokens: 10 }),
    (e: unknown) => e instanceof LensError && e.code === 'too-long',
  );
});
