import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { RemainingPredictResultSchema, remainingPredictRequest } from '../../../src/shared/remaining';
import { check } from '../../../src/shared/schema';
import { ROOT } from '../helpers';

test('remaining.predict sends the steps so far as partial results, valid and growing, before the result', async () => {
  const engine = new Engine(join(ROOT, 'media', 'models'), () => undefined);
  const partials: number[] = [];
  const job = {
    signal: new AbortController().signal,
    progress: () => undefined,
    partial: (r: unknown) => {
      const c = check(RemainingPredictResultSchema, r);
      assert.ok(c.ok, c.ok ? '' : c.message);
      if (c.ok) partials.push(c.value.steps.length);
    },
  };
  const params = { prompt: 'count down from 5:', maxTokens: 64, allowLocalFiles: false };
  const r = await engine.run(remainingPredictRequest, params, job);
  await engine.dispose();
  assert.ok(partials.length >= 2, `partials ${JSON.stringify(partials)}`);
  assert.ok(
    partials.every((n, i) => i === 0 || n > (partials[i - 1] ?? 0)),
    JSON.stringify(partials),
  );
  assert.ok((partials[partials.length - 1] ?? 0) <= r.steps.length);
});
