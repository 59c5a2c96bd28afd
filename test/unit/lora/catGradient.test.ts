/**
 * CAT learning against an independent reference: PyTorch's dev-split loss and autograd gradient
 * with respect to the per-layer CAT logits (test/fixtures/lora/make_cat_gradient.py, lora-base's
 * weights read from its ONNX file; regenerate from the repository root with
 * `PYTHONPATH=. /usr/bin/python3 test/fixtures/lora/make_cat_gradient.py`), at two points. Model Lens
 * computes the loss through onnxruntime and the gradient by central finite differences.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { catLoss, catWeightsOf, finiteGradient } from '../../../src/core/analyses/lora/catLearn';
import { parseTaskJsonl } from '../../../src/core/analyses/lora/taskData';
import { adaptersRead, loraBaseOpen, type LoraBase } from '../../../src/core/analyses/lora/loraSources';
import { FIXTURES, MODELS } from '../helpers';

interface Point {
  logits: number[][];
  loss: number;
  gradient: number[][];
}
const ref = JSON.parse(readFileSync(join(FIXTURES, 'lora', 'cat-gradient.json'), 'utf8')) as {
  adapters: string[];
  points: Record<string, Point>;
};
let base: LoraBase;

before(async () => {
  base = await loraBaseOpen(MODELS, 'lora-base', false);
});
after(async () => {
  await base.session.release();
});

for (const [name, point] of Object.entries(ref.points)) {
  test(`CAT dev loss and its finite-difference gradient match PyTorch autograd at the ${name} logits`, async () => {
    const adapters = (await adaptersRead(MODELS, ref.adapters, false)).map((a) => a.adapter);
    const dev = parseTaskJsonl(readFileSync(join(MODELS, 'lora-base', 'data', 'dev.jsonl'), 'utf8'), 'dev');
    const layers = point.logits.length;
    const f = (x: readonly number[]): Promise<number> =>
      catLoss(base.session, adapters, catWeightsOf('softmax', x, layers, 2), dev, { bos: base.bos });
    const x = point.logits.flat();
    const loss = await f(x);
    assert.ok(Math.abs(loss - point.loss) < 1e-4, `loss ${loss} vs PyTorch ${point.loss}`);
    const g = await finiteGradient(f, x, 1e-3);
    point.gradient.flat().forEach((want, i) => {
      assert.ok(
        Math.abs((g[i] ?? NaN) - want) < 2e-3 + 1e-3 * Math.abs(want),
        `∂loss/∂logit[${i}]: ${g[i]} vs PyTorch ${want}`,
      );
    });
  });
}
