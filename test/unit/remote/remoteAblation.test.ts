/**
 * @file Ablation dependencies through a completions server: each effect equals the change in the actual token's
 * surprisal computed by hand from the local model's logits (the same weights behind the loopback server), the
 * result says what it measured, and a cancel stops the run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ablationDependenciesOfTokens } from '../../../src/core/analyses/dependencies/ablationDependencies';
import { loadForDependencies } from '../../../src/core/analyses/dependencies/loadForDependencies';
import { releaseDependencyModel } from '../../../src/core/analyses/dependencies/dependencyModel';
import { isScored } from '../../../src/core/analyses/dependencies/scoredAblation';
import { serverBesideLocal } from './serverBesideLocal';
import { FIXTURES, MODELS } from '../helpers';

const pair = serverBesideLocal();

const load = (allowLocalFiles = true) =>
  loadForDependencies(`openai:${pair.server.url}#lens-lm`, { modelsDir: MODELS, cacheDir: MODELS, allowLocalFiles });

/** ln p(ids[t] | ids[0..t-1]) from local logits (log-softmax by hand). */
async function logProb(ids: readonly number[], t: number): Promise<number> {
  const { data, vocab } = await pair.local.logits([ids.slice(0, t)]);
  const row = data.subarray((t - 1) * vocab, t * vocab);
  let most = -Infinity;
  for (const x of row) most = Math.max(most, x);
  let sum = 0;
  for (const x of row) sum += Math.exp(x - most);
  return (row[ids[t] ?? 0] ?? 0) - most - Math.log(sum);
}

test('each effect is |Δ ln p| of the actual token, by hand from the local logits; top-k the largest', async () => {
  await assert.rejects(load(false), (e: unknown) => (e as { code?: string }).code === 'untrusted');
  const loaded = await load();
  assert.ok(isScored(loaded.model));
  assert.match(loaded.fallback ?? '', /only ablation ran.*surprisal/u);
  const text = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8').slice(0, 90);
  const tokens = await loaded.encode(text, 0, { maxTokens: 1000 });
  const t = tokens.ids.length - 1;
  const r = await ablationDependenciesOfTokens(loaded.model, tokens, { k: 8, targets: { from: t, to: t + 1 } });
  assert.equal(r.measure, 'surprisal');
  assert.equal(r.cache, 'none');
  assert.match(r.method, /change in the surprisal of the actual next token/u);
  assert.equal(r.ablatedFrom[t], 1);
  const ids = Array.from(tokens.ids);
  const base = await logProb(ids, t);
  const effect = async (j: number): Promise<number> =>
    Math.abs(
      base -
        (await logProb(
          ids.map((id, i) => (i === j ? (loaded.model.bosId ?? 0) : id)),
          t,
        )),
    );
  const top = Array.from(r.topPositions.subarray(t * 8, t * 8 + 8));
  const weights = Array.from(r.topWeights.subarray(t * 8, t * 8 + 8));
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(weights[i]! - (await effect(top[i]!))) < 2e-3, `top ${i}`);
  // A position outside the top-k has an effect no larger than the k-th.
  const outside = [...Array(t).keys()].slice(1).find((j) => !top.includes(j)) ?? 1;
  assert.ok((await effect(outside)) <= weights[7]! + 2e-3);
  let count = 0;
  for (let j = 1; j < t; j++) if ((await effect(j)) > r.delta) count++;
  assert.equal(r.kDelta[t], count);
  await releaseDependencyModel(loaded.model);
});

test('a cancel stops a remote ablation waiting on the server within 200 ms', async () => {
  const loaded = await load();
  const tokens = await loaded.encode('const a = 1;\n'.repeat(8), 0, { maxTokens: 1000 });
  pair.server.switches.delayMs = 5000;
  try {
    const controller = new AbortController();
    const run = ablationDependenciesOfTokens(loaded.model, tokens, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const t0 = performance.now();
    controller.abort();
    await assert.rejects(run, (e: unknown) => (e as { code?: string }).code === 'cancelled');
    const ms = performance.now() - t0;
    assert.ok(ms < 200, `stopped ${ms.toFixed(0)} ms after the cancel`);
  } finally {
    pair.server.switches.delayMs = 0;
    await releaseDependencyModel(loaded.model);
  }
});
