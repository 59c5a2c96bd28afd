import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { attentionDependencies } from '../../../src/core/analyses/dependencies/attentionDependencies';
import { attentionWindow } from '../../../src/core/analyses/dependencies/attentionWindow';
import { byteTokens } from '../../../src/core/analyses/dependencies/byteTokens';
import { dependenciesOf, tokenAtOffset } from '../../../src/core/analyses/dependencies/dependencyQueries';
import { loadDependencyModel, type DependencyModel } from '../../../src/core/analyses/dependencies/dependencyModel';
import { planWindows } from '../../../src/core/analyses/surprisal/planWindows';
import { topK } from '../../../src/core/analyses/dependencies/kMass';
import { LensError } from '../../../src/core/errors';
import { FIXTURES, MODELS } from '../helpers';

const sample = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');
let model: DependencyModel;

before(async () => {
  model = await loadDependencyModel(MODELS, 'lens-lm');
});
after(async () => model.session.release());

test('lens-lm attention rows are probabilities over earlier keys only', async () => {
  const ids = byteTokens(sample, model.bosId).ids.subarray(0, model.context);
  const att = await attentionWindow(model, ids);
  assert.equal(att.layers.length, 4);
  assert.equal(att.heads, 6);
  const T = att.T;
  for (const layer of att.layers) {
    for (let r = 0; r < att.heads * T; r++) {
      const q = r % T;
      let sum = 0;
      for (let j = 0; j < T; j++) {
        const a = layer[r * T + j] ?? NaN;
        if (j > q) assert.ok(a < 1e-9, `key ${j} after query ${q} has weight ${a}`);
        else assert.ok(a >= 0);
        sum += a;
      }
      assert.ok(Math.abs(sum - 1) < 1e-4, `row ${r} sums to ${sum}`);
    }
  }
});

test('dependencies of sample.ts: k within range, top positions earlier than the token, stats consistent', async () => {
  const r = await attentionDependencies(model, sample);
  const n = r.ids.length;
  assert.equal(n, Buffer.byteLength(sample) + 1);
  for (let t = 1; t < n; t++) {
    for (let l = 0; l < r.layers; l++) {
      const k = r.kLayer[l * n + t] ?? NaN;
      assert.ok(k >= 1 && k <= t, `layer ${l} k of ${t} is ${k}`);
      assert.ok((r.kHeads[l * n + t] ?? NaN) >= 1);
    }
    const deps = dependenciesOf(r, t);
    assert.equal(deps.length, Math.min(r.k, t));
    deps.forEach((d, i) => {
      assert.ok(d.position >= 0 && d.position < t && d.position >= t - r.window);
      if (i > 0) assert.ok(d.weight <= (deps[i - 1]?.weight ?? Infinity));
    });
  }
  for (const h of r.stats.heads) {
    assert.equal(h.rows, n - 1);
    assert.equal(
      h.kHistogram.reduce((a, b) => a + b, 0),
      n - 1,
    );
  }
  for (const l of r.stats.layers) {
    // Distance and sink share are linear in the map: the head-mean map's equal the heads' mean.
    assert.ok(Math.abs(l.headMeanMap.meanDistance - l.headAverage.meanDistance) < 1e-4);
    assert.ok(Math.abs(l.headMeanMap.sinkShare - l.headAverage.sinkShare) < 1e-6);
    // Averaging heads spreads mass: k_p of the mean map is at least the heads' mean k_p here.
    assert.ok(l.headMeanMap.meanK >= l.headAverage.meanK);
  }
  assert.match(r.method, /Abnar & Zuidema/);
});

test('source ranges map tokens back to the text, with the selection offset', async () => {
  const text = 'é = 1;\nλx';
  const r = await attentionDependencies(model, text, { offset: 100 });
  assert.equal(r.ids.length, Buffer.byteLength(text) + 1);
  assert.equal(r.start[1], 100); // 'é' is two bytes, both covering UTF-16 [0, 1)
  assert.equal(r.end[2], 101);
  const lambda = text.indexOf('λ');
  const t = tokenAtOffset(r, 100 + lambda);
  assert.equal(r.ids[t], 0xce); // first byte of λ
  assert.equal(text.slice((r.start[t] ?? 0) - 100, (r.end[t] ?? 0) - 100), 'λ');
  assert.equal(tokenAtOffset(r, 99), -1);
  const d = dependenciesOf(r, t)[0];
  assert.ok(d !== undefined && d.end >= d.start);
});

test('the streamed rows of a later window match that window run alone', async () => {
  const r = await attentionDependencies(model, sample, { aggregate: 'mean', k: 4 });
  const win = planWindows(r.ids.length, model.context)[1];
  assert.ok(win !== undefined, 'sample.ts spans two windows');
  const att = await attentionWindow(model, r.ids.subarray(win.begin, win.end));
  const t = win.scoreFrom + Math.floor((win.end - win.scoreFrom) / 2); // a target the second window scores
  const q = t - 1 - win.begin;
  const T = att.T;
  const row = new Float64Array(q + 1);
  for (const layer of att.layers)
    for (let h = 0; h < att.heads; h++)
      for (let j = 0; j <= q; j++)
        row[j] = (row[j] ?? 0) + (layer[(h * T + q) * T + j] ?? 0) / (att.layers.length * att.heads);
  const top = topK(row, 4);
  assert.deepEqual(
    [...r.topPositions.subarray(t * 4, t * 4 + 4)],
    [...top.indices].map((i) => i + win.begin),
  );
});

test('induction: in the second copy of a random span, one head attends to the token after the first copy', async () => {
  const span = 'Xq7Kp2Lm9Zr4Wt8B';
  const text = `const first = { id: "${span}", name: "alpha" };\nconst second = { id: "${span}", name: "beta" };\n`;
  const a = text.indexOf(span) + 1; // token position of the span's first byte (BOS is 0)
  const b = text.lastIndexOf(span) + 1;
  const D = b - a;
  const ids = byteTokens(text, model.bosId).ids;
  const att = await attentionWindow(model, ids);
  const T = att.T;
  // The prediction of token t (at t−1) in the second copy: does a head put its largest weight on t − D,
  // the same character in the first copy (the token after the previous occurrence of t−1)?
  let best = 0;
  for (const layer of att.layers)
    for (let h = 0; h < att.heads; h++) {
      let hits = 0;
      for (let t = b + 1; t < b + span.length; t++) {
        const q = t - 1;
        if (topK(layer.subarray((h * T + q) * T, (h * T + q) * T + q + 1), 1).indices[0] === t - D) hits++;
      }
      best = Math.max(best, hits);
    }
  // Measured: layer 0 head 0 does this for all 15 tokens (mean weight 0.80 on t − D).
  assert.ok(best >= 14, `best head hits ${best} of ${span.length - 1}`);
  // The rollout map keeps t − D among each token's 32 dependencies (measured: 15 of 15).
  const r = await attentionDependencies(model, text);
  let kept = 0;
  for (let t = b + 1; t < b + span.length; t++) if (dependenciesOf(r, t).some((d) => d.position === t - D)) kept++;
  assert.ok(kept >= 14, `rollout keeps t − D for ${kept} of ${span.length - 1}`);
});

test('cancellation, empty text and bad options', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(
    attentionDependencies(model, sample, { signal: ac.signal }),
    (e: unknown) => e instanceof LensError && e.code === 'cancelled',
  );
  await assert.rejects(
    attentionDependencies(model, ''),
    (e: unknown) => e instanceof LensError && e.code === 'empty-input',
  );
  await assert.rejects(
    attentionDependencies(model, sample, { maxTokens: 10 }),
    (e: unknown) => e instanceof LensError && e.code === 'too-long',
  );
  await assert.rejects(
    attentionDependencies(model, 'abc', { p: 0 }),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input',
  );
  let last = 0;
  await attentionDependencies(model, sample, {
    onProgress: (f) => {
      last = f;
    },
  });
  assert.equal(last, 1);
});
