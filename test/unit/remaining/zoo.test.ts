import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expectedLength } from '../../../src/core/analyses/remaining/bins';
import { forwardLast } from '../../../src/core/analyses/remaining/forward';
import { predictRemaining } from '../../../src/core/analyses/remaining/predict';
import { applyProbe } from '../../../src/core/analyses/remaining/probe';
import { refineAll } from '../../../src/core/analyses/remaining/refine';
import { loadRemainingModel, type RemainingModel } from '../../../src/core/analyses/remaining/remainingModel';
import { RemainingPredictResultSchema } from '../../../src/shared/remaining';
import { check } from '../../../src/shared/schema';
import { FIXTURES, MODELS } from '../helpers';

interface Case {
  prompt: string;
  inputIds: number[];
  answerIds: number[];
  finished: boolean;
  lastLogits: number[];
  lastHidden: number[][];
  promptProbs: number[];
  stepProbs: number[][];
  refined: number[];
}
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'remaining', 'pytorch.json'), 'utf8')) as {
  layer: number;
  promptLayer: number;
  cases: Case[];
};
const maxDiff = (a: ArrayLike<number>, b: readonly number[]): number => {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return m;
};

let model: RemainingModel;
before(async () => {
  model = await loadRemainingModel('remaining-lm', { modelsDir: MODELS, allowLocalFiles: false });
});
after(async () => model.session.release());

test('remaining-lm: onnxruntime logits and every hidden state match PyTorch at the last position', async () => {
  let worst = 0;
  for (const c of fixture.cases) {
    const out = await forwardLast(model.session, [...c.inputIds, ...c.answerIds], model.probes.layers.length);
    worst = Math.max(worst, maxDiff(out.logits, c.lastLogits));
    c.lastHidden.forEach((h, l) => (worst = Math.max(worst, maxDiff(out.hidden[l] ?? [], h))));
  }
  assert.ok(worst < 2e-3, `max |ORT − PyTorch| = ${worst}`);
});

test('remaining-lm: greedy answers, probe distributions and refined estimates match Python', async () => {
  assert.equal(model.probes.defaultLayer, fixture.layer);
  assert.equal(model.probes.promptLayer, fixture.promptLayer);
  for (const c of fixture.cases) {
    const r = await predictRemaining(model, { prompt: c.prompt, maxTokens: 300 });
    assert.ok(check(RemainingPredictResultSchema, r).ok);
    assert.equal(r.steps.map((s) => s.text).join(''), new TextDecoder().decode(Uint8Array.from(c.answerIds)));
    assert.equal(r.finished, c.finished);
    assert.ok(Math.abs(r.promptOnlyTotal - expectedLength(c.promptProbs, model.probes.bins)) < 1e-3);
    c.stepProbs.forEach((p, j) => assert.ok(maxDiff(r.steps[j]?.probs ?? [], p) < 1e-4, `${c.prompt} step ${j}`));
    assert.ok(
      maxDiff(
        r.steps.map((s) => s.refined),
        c.refined,
      ) < 0.05,
      c.prompt,
    );
    if (c.finished)
      assert.deepEqual(
        r.steps.map((s) => s.truth),
        c.answerIds.map((_, j) => c.answerIds.length - 1 - j),
      );
    // The refinement of src/core on Python's own probabilities gives Python's refined estimates.
    const post = refineAll(c.promptProbs, c.stepProbs, model.probes.transition);
    assert.ok(
      maxDiff(
        post.map((q) => expectedLength(q, model.probes.bins)),
        c.refined.slice(0, post.length),
      ) < 1e-3,
    );
  }
});

test('remaining-lm: the prompt probe on ORT hidden states gives Python prompt distribution', async () => {
  const c = fixture.cases[0] as Case;
  const out = await forwardLast(model.session, c.inputIds, model.probes.layers.length);
  assert.ok(maxDiff(applyProbe(model.probes.prompt, out.hidden[model.probes.promptLayer] ?? []), c.promptProbs) < 1e-4);
});

test('remaining-lm: steps stream as they are written, and bad layers and prompts are refused', async () => {
  const seen: number[] = [];
  const r = await predictRemaining(model, {
    prompt: 'spell kalomi:',
    maxTokens: 4,
    onStep: (p) => seen.push(p.steps.length),
  });
  assert.deepEqual(seen, [1, 2, 3, 4]);
  assert.equal(r.done, true);
  assert.ok(r.steps.every((s) => s.truth === undefined) || r.finished);
  await assert.rejects(predictRemaining(model, { prompt: 'x', maxTokens: 4, layer: 99 }), /Layer 99 has no probe/u);
  await assert.rejects(predictRemaining(model, { prompt: 'x'.repeat(600), maxTokens: 4 }), /Shorten it/u);
  await assert.rejects(
    loadRemainingModel(FIXTURES, { modelsDir: MODELS, allowLocalFiles: false }),
    (e: { code?: string }) => e.code === 'untrusted',
  );
  await assert.rejects(
    loadRemainingModel('lens-lm', { modelsDir: MODELS, allowLocalFiles: true }),
    /not a remaining-length model/u,
  );
});

test('remaining-lm card: refined beats the prompt-only baseline on held-out prompts; one scan entry per probe', () => {
  const card = JSON.parse(readFileSync(join(MODELS, 'remaining-lm', 'model-card.json'), 'utf8')) as {
    probes: {
      defaultLayer: number;
      heldOut: { maeRefined: number; maePromptOnly: number; ratio: number };
      layerScan: { layer: number; probeMae: number }[];
    };
  };
  const { heldOut, layerScan, defaultLayer } = card.probes;
  assert.ok(heldOut.maeRefined < heldOut.maePromptOnly, JSON.stringify(heldOut));
  assert.ok(Math.abs(heldOut.ratio - heldOut.maePromptOnly / heldOut.maeRefined) < 0.01);
  assert.equal(layerScan.length, model.probes.layers.length);
  assert.equal(defaultLayer, model.probes.defaultLayer);
  model.probes.heldOutMae?.forEach((m, l) => assert.ok(Math.abs(m - (layerScan[l]?.probeMae ?? NaN)) < 1e-3));
});
