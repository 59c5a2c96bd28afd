import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type * as ort from 'onnxruntime-node';
import {
  ablationDependencies,
  ablationDependenciesOfTokens,
} from '../../../src/core/analyses/dependencies/ablationDependencies';
import { ablationEffects } from '../../../src/core/analyses/dependencies/ablationEffects';
import { byteTokens } from '../../../src/core/analyses/dependencies/byteTokens';
import {
  loadDependencyModel,
  releaseDependencyModel,
  type DependencyModel,
} from '../../../src/core/analyses/dependencies/dependencyModel';
import { prefixAblationEffects } from '../../../src/core/analyses/dependencies/prefixAblation';
import type { PrefixGraph } from '../../../src/core/analyses/dependencies/prefixGraph';
import { toDependenciesResult } from '../../../src/core/analyses/dependencies/toResult';
import { summarise } from '../../../src/cli/dependencies/summary';
import { LensError } from '../../../src/core/errors';
import { DependenciesResultSchema } from '../../../src/shared/dependencies';
import { v } from '../../../src/shared/schema';
import { countedSession, FIXTURES, MODELS } from '../helpers';

const code = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');
let model: DependencyModel;
let graph: PrefixGraph;

before(async () => {
  model = await loadDependencyModel(MODELS, 'lens-lm');
  assert.ok(model.prefix !== undefined, 'lens-lm ships a KV-cache graph');
  graph = model.prefix;
});
after(async () => releaseDependencyModel(model));

/** Largest |a − b| over two effect arrays, and the largest effect of `a`. */
function compare(a: Float32Array, b: Float32Array): { worst: number; largest: number } {
  assert.equal(a.length, b.length);
  let worst = 0;
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
    largest = Math.max(largest, a[i] ?? 0);
  }
  return { worst, largest };
}

for (const mode of ['replace', 'mask'] as const) {
  test(`prefix ablation (${mode}) equals whole-window ablation on 100 bytes of code`, async () => {
    const ids = byteTokens(code.slice(0, 100), model.bosId).ids;
    const whole = await ablationEffects(model, ids, { mode, batch: 8 });
    const cached = await prefixAblationEffects(model, graph, ids, { mode, batch: 8 });
    assert.deepEqual([cached.jFrom, cached.jTo, cached.W], [whole.jFrom, whole.jTo, whole.W]);
    const { worst, largest } = compare(whole.effects, cached.effects);
    assert.ok(worst < 1e-4, `KL differs by up to ${worst}`);
    assert.ok(largest > 0.5, `some token matters (largest effect ${largest})`);
    assert.ok(cached.runs <= whole.runs); // one baseline and batches of 8 (the last token is not ablated)
    // Uneven batches (a batch of 5 shares the past of its first position) give the same effects.
    const odd = await prefixAblationEffects(model, graph, ids, { mode, batch: 5 });
    assert.ok(compare(cached.effects, odd.effects).worst < 1e-5);
  });

  test(`ablation dependencies (${mode}) through the cache equal whole windows across windows`, async () => {
    // A context of 40 makes 120 bytes span windows that start inside the text (no BOS, targets from the middle).
    const small = { ...model, context: 40 };
    const text = code.slice(200, 320);
    const cached = await ablationDependencies(small, text, { mode, k: 8 });
    const whole = await ablationDependencies(small, text, { mode, k: 8, cache: 'none' });
    assert.equal(cached.cache, 'prefix');
    assert.equal(whole.cache, 'none');
    assert.match(cached.method, /reused the keys and values/u);
    assert.match(whole.method, /recomputed its whole window \(as asked\)/u);
    assert.deepEqual([...cached.kDelta], [...whole.kDelta]);
    assert.deepEqual([...cached.ablatedFrom], [...whole.ablatedFrom]);
    assert.deepEqual([...cached.topPositions], [...whole.topPositions]);
    assert.ok(compare(whole.topWeights, cached.topWeights).worst < 1e-4);
    assert.ok(cached.kDelta.some((k) => k > 0));
  });
}

test('a model without a KV-cache graph (planted-k1) falls back to whole windows and says so', async () => {
  const planted = await loadDependencyModel(MODELS, 'planted-k1');
  try {
    assert.equal(planted.prefix, undefined);
    const ids = Int32Array.from({ length: 20 }, (_, i) => (i === 0 ? planted.bosId : i % 16));
    const spans = Uint32Array.from(ids, (_, i) => i);
    const r = await ablationDependenciesOfTokens(planted, { ids, start: spans, end: spans }, { k: 4 });
    assert.equal(r.cache, 'none');
    assert.match(r.method, /whole window: the model has no KV-cache graph/u);
  } finally {
    await releaseDependencyModel(planted);
  }
});

test('a KV-cache graph that does not reproduce the full pass is not used, and the result says why', async () => {
  const run = graph.session.run.bind(graph.session);
  const off = new Proxy(graph.session, {
    get(target, key) {
      if (key !== 'run') {
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return async (feeds: ort.InferenceSession.FeedsType, fetches: string[]) => {
        const out = await run(feeds, fetches);
        const logits = out['logits']?.data as Float32Array;
        for (let i = 0; i < logits.length; i++) logits[i] = (logits[i] ?? 0) + (i % 7) * 0.01;
        return out;
      };
    },
  });
  const broken = { ...model, prefix: { ...graph, session: off } };
  const text = code.slice(0, 40);
  const r = await ablationDependencies(broken, text, { k: 4 });
  assert.equal(r.cache, 'none');
  assert.match(r.method, /was not used, as its logits differ from the full pass's by up to 0\.0[56]/u);
  const whole = await ablationDependencies(model, text, { k: 4, cache: 'none' });
  assert.deepEqual([...r.topWeights], [...whole.topWeights]);
});

test('a cancel between prefix batches stops the window: no pass runs after it', async () => {
  const controller = new AbortController();
  const counted = countedSession(graph.session, 3, controller); // the baseline and two batches
  const ids = byteTokens(code.slice(0, 120), model.bosId).ids;
  const run = prefixAblationEffects(model, { ...graph, session: counted.session }, ids, {
    batch: 4,
    signal: controller.signal,
  });
  await assert.rejects(run, (e: unknown) => e instanceof LensError && e.code === 'cancelled');
  assert.equal(counted.runs(), 3);
});

test('the result and the CLI summary say how the ablated copies were computed', async () => {
  const text = code.slice(0, 30);
  for (const cache of ['prefix', 'none'] as const) {
    const ablation = await ablationDependencies(model, text, { k: 4, cache });
    const r = toDependenciesResult({ source: 'sample.ts', document: text, ablation, includeRows: false, notes: [] });
    assert.ok(v.safeParse(DependenciesResultSchema, r).success);
    assert.equal(r.ablation?.cache, cache);
    const line = summarise(r)
      .split('\n')
      .find((l) => l.startsWith('  ablation: '));
    assert.match(line ?? '', cache === 'prefix' ? /\(KV cache\)/u : /recomputed its whole window/u);
  }
});
