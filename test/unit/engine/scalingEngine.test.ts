import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { translateLaw } from '../../../src/core/analyses/scaling/laws';
import { Engine } from '../../../src/engine/engine';
import { scalingFitRequest, scalingL2lRequest, scalingTranslateRequest } from '../../../src/shared/scaling';
import { FIXTURES, MODELS, quiet } from '../helpers';

const engine = new Engine(MODELS, quiet);
after(() => engine.dispose());
const job = { signal: new AbortController().signal, progress: () => undefined };

test('the engine answers scalingTranslate with the closed form and refuses a non-positive kappa', async () => {
  const law = { A: 6.68e7, B: 8.9e8, E: 1.9669, alpha: 0.4129, beta: 0.4556 };
  const r = await engine.run(scalingTranslateRequest, { law, kappa: 1.1, K: 0.63, e1: 0.8452 }, job);
  assert.deepEqual(r.law, translateLaw(law, { kappa: 1.1, K: 0.63, e1: 0.8452 }));
  await assert.rejects(
    engine.run(scalingTranslateRequest, { law, kappa: 0, K: 0.63, e1: 0.8452 }, job),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input' && /kappa/u.test(e.message),
  );
});

test('scalingL2l is cancelled between bootstrap resamples', async () => {
  const controller = new AbortController();
  const params = {
    path: join(FIXTURES, 'scaling', 'paper-pairs.csv'),
    x: { column: 'fineweb_edu' },
    y: { column: 'starcoder' },
    predict: [],
    holdOut: 'none' as const,
    bootstrap: 10_000,
    seed: 1,
  };
  const running = engine.run(scalingL2lRequest, params, { signal: controller.signal, progress: () => undefined });
  setTimeout(() => controller.abort(), 300);
  await assert.rejects(running, (e: unknown) => e instanceof LensError && e.code === 'cancelled');
});

test("scalingFit reports progress through each dataset's bootstrap", async () => {
  const seen: number[] = [];
  const params = {
    path: join(FIXTURES, 'scaling', 'paper-sweep.csv'),
    law: 'compute' as const,
    holdOut: 'none' as const,
    bootstrap: 100,
    seed: 1,
  };
  const r = await engine.run(scalingFitRequest, params, { signal: job.signal, progress: (f) => seen.push(f) });
  assert.equal(r.fits.length, 2);
  assert.ok(seen.some((f) => f > 0 && f < 0.5) && seen.some((f) => f > 0.5 && f < 1), seen.join(' '));
  for (let i = 1; i < seen.length; i++) assert.ok((seen[i] ?? 0) >= (seen[i - 1] ?? 0));
});
