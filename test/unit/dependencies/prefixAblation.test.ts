import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  sessionModel,
} from '../../../src/core/analyses/dependencies/dependencyModel';
import { loadForDependencies } from '../../../src/core/analyses/dependencies/loadForDependencies';
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

/** `session` with the token positions it is fed (batch × sequence of `input_ids`) counted. */
function fedPositions(session: ort.InferenceSession): { session: ort.InferenceSession; positions: () => number } {
  let positions = 0;
  const proxy = new Proxy(session, {
    get(target, key) {
      if (key === 'run')
        return (feeds: ort.InferenceSession.FeedsType, fetches: string[]) => {
          const [B = 0, T = 0] = feeds['input_ids']?.dims ?? [];
          positions += B * T;
          return target.run(feeds, fetches);
        };
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { session: proxy, positions: () => positions };
}

for (const mode of ['replace', 'mask'] as const) {
  test(`prefix ablation (${mode}) equals whole windows on 100 bytes of code, from half the positions`, async () => {
    const ids = byteTokens(code.slice(0, 100), model.bosId).ids;
    const W = ids.length;
    const full = fedPositions(model.session);
    const part = fedPositions(graph.session);
    const whole = await ablationEffects({ ...model, session: full.session }, ids, { mode, batch: 8 });
    const cached = await prefixAblationEffects(model, { ...graph, session: part.session }, ids, { mode, batch: 8 });
    assert.equal(full.positions(), W * (1 + (W - 1))); // the baseline and W − 1 copies of the whole window
    // The baseline (W − 1 positions), then per batch of 8 from j0: 8 copies of positions j0..W − 2.
    let want = W - 1;
    for (let j0 = 1; j0 < W - 1; j0 += 8) want += Math.min(8, W - 1 - j0) * (W - 1 - j0);
    assert.equal(part.positions(), want);
    assert.ok(want < 0.56 * full.positions());
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

test('a reach ablates only the nearest tokens: the same effects within it, none beyond, fewer positions', async () => {
  const text = code.slice(0, 150);
  const reach = 40;
  const whole = await ablationDependencies(model, text, { k: 8 });
  const counted = fedPositions(graph.session);
  const near = await ablationDependencies({ ...model, prefix: { ...graph, session: counted.session } }, text, {
    k: 8,
    reach,
  });
  const one = await ablationDependencies(model, text, { k: 8, reach, targets: { from: 120, to: 121 } });
  assert.equal(near.reach, reach);
  assert.equal(whole.reach, model.context);
  const n = near.ids.length;
  for (let t = 1; t < n; t++) {
    const from = Math.max(1, t - reach);
    assert.equal(near.ablatedFrom[t], from, `token ${t}`);
    const top = [...near.topPositions.subarray(t * 8, t * 8 + 8)].filter((p) => p >= 0);
    assert.ok(
      top.every((p) => p >= from && p < t),
      `token ${t}: ${top.join()}`,
    );
  }
  // Whole-window effects, restricted to the reach: the same top positions and k_δ (t = 120: 80..119).
  const effects = await prefixAblationEffects(model, graph, near.ids, { jTo: n });
  const t = 120;
  const inReach = Array.from({ length: reach }, (_, i) => t - reach + i);
  const want = inReach
    .map((j) => ({ j, e: effects.effects[j * effects.W + t] ?? 0 }))
    .sort((a, b) => b.e - a.e)
    .slice(0, 8);
  for (const r of [near, one]) {
    assert.deepEqual(
      [...r.topPositions.subarray(t * 8, t * 8 + 8)],
      want.map((w) => w.j),
    );
    assert.equal(r.kDelta[t], inReach.filter((j) => (effects.effects[j * effects.W + t] ?? 0) > r.delta).length);
  }
  assert.equal(whole.ablatedFrom[t], 1, 'without a reach, the whole window is ablated');

  // Copy j computes positions up to j + reach (plus its batch's earlier copies): about n · reach, not n² / 2.
  assert.ok(counted.positions() < n + (n - 1) * (reach + 8), `${counted.positions()} positions`);
  assert.ok(counted.positions() < (0.6 * ((n - 1) * n)) / 2, `${counted.positions()} positions`);
  const result = toDependenciesResult({ source: 'x', document: text, notes: [], includeRows: false, ablation: near });
  assert.equal(result.ablation?.reach, reach);
  // t ≥ reach + 2 had tokens beyond the reach (the BOS at 0 is never ablated); the note says so only then.
  assert.deepEqual([near.outOfReach, whole.outOfReach, one.outOfReach], [n - (reach + 2), 0, 1]);
  const early = await ablationDependencies(model, text, { k: 8, reach, targets: { from: 20, to: 21 } });
  assert.equal(early.outOfReach, 0);
  const all = toDependenciesResult({ source: 'x', document: text, notes: [], includeRows: false, ablation: early });
  assert.equal(all.notes, undefined, 'nothing was left out: no note');
  assert.match(result.notes?.join(' ') ?? '', /only the 40 tokens before each prediction.*--reach/u);
});

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

test("a user's graph with a KV cache (lens-lm laid out as an Optimum export) ablates through it", async () => {
  const folder = mkdtempSync(join(tmpdir(), 'lens-user-kv-'));
  mkdirSync(join(folder, 'onnx'));
  copyFileSync(join(MODELS, 'lens-lm', 'onnx', 'model.onnx'), join(folder, 'onnx', 'model.onnx'));
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'config.json'])
    copyFileSync(join(MODELS, 'lens-lm', f), join(folder, f));
  const loaded = await loadForDependencies(folder, {
    modelsDir: MODELS,
    cacheDir: mkdtempSync(join(tmpdir(), 'lens-attn-cache-')),
    allowLocalFiles: true,
  });
  try {
    assert.ok(sessionModel(loaded.model).prefix !== undefined);
    const text = code.slice(0, 50);
    const tokens = await loaded.encode(text, 0, { maxTokens: 1000 });
    const user = await ablationDependenciesOfTokens(loaded.model, tokens, { k: 4 });
    const embedded = await ablationDependencies(model, text, { k: 4, cache: 'none' });
    assert.equal(user.cache, 'prefix');
    assert.deepEqual([...user.topPositions], [...embedded.topPositions]);
    assert.ok(compare(embedded.topWeights, user.topWeights).worst < 1e-4);
  } finally {
    await releaseDependencyModel(loaded.model);
  }
});
