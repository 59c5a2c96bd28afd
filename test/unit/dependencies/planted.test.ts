/**
 * Ground truth for the attention-based dependency analysis: the embedded planted-k{1,2,3,4} models
 * (tools/zoo/planted) were trained on k-sparse planted sequences, so each target's prediction
 * depends on exactly its k planted positions. On fresh sequences from the TypeScript generator
 * (another seed than training and held-out evaluation) the models must still be accurate, and the
 * top-k positions of their attention rows must be the planted positions.
 *
 * Index convention: the fed ids are [BOS, x_0, …, x_{L−1}], so token x_t is fed position t+1; the
 * prediction of x_t is made at query position t, and its sources x_{t−o} are fed positions t−o+1.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type * as ort from 'onnxruntime-node';
import { attentionDependenciesOfTokens } from '../../../src/core/analyses/dependencies/attentionDependencies';
import { attentionRollout, headMean } from '../../../src/core/analyses/dependencies/attentionRollout';
import { windowFeeds } from '../../../src/core/analyses/dependencies/attentionWindow';
import type { ByteTokens } from '../../../src/core/analyses/dependencies/byteTokens';
import {
  attentionOutputs,
  loadDependencyModel,
  type DependencyModel,
} from '../../../src/core/analyses/dependencies/dependencyModel';
import { topK } from '../../../src/core/analyses/dependencies/kMass';
import { plantedSequences, type PlantedSequence } from '../../../src/core/analyses/dependencies/plantedSequences';
import { readManifest, type EmbeddedModel } from '../../../src/core/model/manifest';
import { rngSeeded } from '../../../src/core/random/rng';
import { MODELS } from '../helpers';

interface Planted {
  readonly vocab: number;
  readonly offsets: readonly number[];
  readonly rule: 'sum' | 'xor';
  readonly every: number;
  readonly length: number;
}
type PlantedEntry = EmbeddedModel & { readonly planted: Planted };

const NAMES = ['planted-k1', 'planted-k2', 'planted-k3', 'planted-k4'] as const;
const SEQUENCES = 40;
const SEED = 20250; // training drew from numpy; the held-out set of the model card used seed 4242

/** Scores of one method: hits / predicted and hits / true, over all targets. */
class Score {
  hits = 0;
  predicted = 0;
  truth = 0;
  add(top: ArrayLike<number>, sources: ReadonlySet<number>): void {
    for (let i = 0; i < top.length; i++) if (sources.has(top[i] ?? -1)) this.hits++;
    this.predicted += top.length;
    this.truth += sources.size;
  }
  get precision(): number {
    return this.hits / this.predicted;
  }
  get recall(): number {
    return this.hits / this.truth;
  }
}

interface Measured {
  readonly accuracy: number;
  readonly scores: Map<string, Score>;
}

const models = new Map<string, { model: DependencyModel; entry: PlantedEntry }>();
const measured = new Map<string, Measured>();

before(async () => {
  const manifest = readManifest(MODELS);
  for (const name of NAMES) {
    const entry = manifest.find((m) => m.name === name) as PlantedEntry | undefined;
    assert.ok(entry !== undefined, `${name} is in the manifest`);
    models.set(name, { model: await loadDependencyModel(MODELS, name), entry });
  }
});
after(async () => {
  for (const { model } of models.values()) await model.session.release();
});

function plantedTokens(seq: PlantedSequence, bos: number): ByteTokens {
  const n = seq.tokens.length + 1;
  const ids = new Int32Array(n);
  ids[0] = bos;
  ids.set(seq.tokens, 1);
  return { ids, start: new Uint32Array(n), end: new Uint32Array(n) };
}

/** Row q of a dense [T×T] map, keys 0..q, optionally with the query's own key zeroed. */
function row(map: Float64Array, T: number, q: number, dropQuery: boolean): Float64Array {
  const r = map.slice(q * T, q * T + q + 1);
  if (dropQuery) r[q] = 0;
  return r;
}

function score(scores: Map<string, Score>, name: string): Score {
  let s = scores.get(name);
  if (s === undefined) scores.set(name, (s = new Score()));
  return s;
}

/** Runs every sequence once through the graph and once through the dependency module. */
async function measure(name: string): Promise<Measured> {
  const cached = measured.get(name);
  if (cached !== undefined) return cached;
  const got = models.get(name);
  assert.ok(got !== undefined);
  const { model, entry } = got;
  const { vocab, offsets, rule, every, length } = entry.planted;
  const k = offsets.length;
  const seqs = plantedSequences(SEQUENCES, { vocab, offsets, rule, every, length, seed: SEED });
  const random = rngSeeded(SEED + 1);
  const scores = new Map<string, Score>();
  let correct = 0;
  let targets = 0;
  const names = attentionOutputs(model.session);
  for (const seq of seqs) {
    const tokens = plantedTokens(seq, model.bosId);
    const T = tokens.ids.length;
    const out: ort.InferenceSession.OnnxValueMapType = await model.session.run(windowFeeds(model.session, tokens.ids), [
      'logits',
      ...names,
    ]);
    const logits = out['logits'];
    assert.ok(logits !== undefined);
    const V = logits.dims[2] ?? 0;
    const logitData = logits.data as Float32Array;
    const heads = out[names[0] ?? '']?.dims[1] ?? 0;
    const means = names.map((n) => headMean(out[n]?.data as Float32Array, heads, T));
    const layerAvg = new Float64Array(T * T);
    for (const m of means)
      for (let i = 0; i < m.length; i++) layerAvg[i] = (layerAvg[i] ?? 0) + (m[i] ?? 0) / means.length;
    const maps: [string, Float64Array][] = [
      ...means.map((m, l): [string, Float64Array] => [`layer ${l}`, m]),
      ['layer mean', layerAvg],
      ['rollout', attentionRollout(means, T)],
    ];
    const viaModule = {
      rollout: await attentionDependenciesOfTokens(model, tokens, { k, aggregate: 'rollout' }),
      mean: await attentionDependenciesOfTokens(model, tokens, { k, aggregate: 'mean' }),
    };
    for (let i = 0; i < seq.targets.length; i++) {
      const t = seq.targets[i] ?? 0;
      const q = t; // query position of the prediction of x_t
      const sources = new Set(Array.from(seq.sources.subarray(i * k, (i + 1) * k), (s) => s + 1));
      // accuracy of the prediction of x_t
      let best = 0;
      for (let v = 1; v < V; v++)
        if ((logitData[q * V + v] ?? -Infinity) > (logitData[q * V + best] ?? -Infinity)) best = v;
      if (best === seq.tokens[t]) correct++;
      targets++;
      for (const [label, map] of maps) {
        score(scores, label).add(topK(row(map, T, q, false), k).indices, sources);
        score(scores, `${label}, query excluded`).add(topK(row(map, T, q, true), k).indices, sources);
      }
      for (const [label, deps] of Object.entries(viaModule)) {
        score(scores, `module ${label}`).add(deps.topPositions.subarray((t + 1) * k, (t + 2) * k), sources);
      }
      // control: k distinct random positions among the tokens the query sees (1..q)
      const control = new Set<number>();
      while (control.size < Math.min(k, q)) control.add(1 + Math.floor(random() * q));
      score(scores, 'control: random positions').add([...control], sources);
    }
  }
  const result = { accuracy: correct / targets, scores };
  measured.set(name, result);
  const table = [...scores].map(
    ([label, s]) => `  ${label.padEnd(34)} precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}`,
  );
  console.log(
    `${name} (offsets [${offsets.join(', ')}], ${targets} targets): accuracy ` +
      `${(result.accuracy * 100).toFixed(2)}%\n${table.join('\n')}`,
  );
  return result;
}

test('the planted models are registered with their task and stay small', () => {
  for (const name of NAMES) {
    const entry = models.get(name)?.entry;
    assert.ok(entry !== undefined);
    assert.equal(entry.graphs.analysis, 'model.onnx');
    assert.equal(entry.bosTokenId, entry.planted.vocab, 'BOS = vocab, so x_0 gets a prediction');
    assert.equal(entry.planted.offsets.length, Number(name.slice(-1)));
    const bytes = statSync(join(MODELS, entry.dir, 'model.onnx')).size;
    assert.ok(bytes < 1024 * 1024, `${name}: ${bytes} bytes`);
  }
});

for (const name of NAMES) {
  test(`${name}: predicts fresh planted targets (>= 99%); attention names exactly the planted positions`, async () => {
    const { accuracy, scores } = await measure(name);
    const get = (label: string): Score => {
      const s = scores.get(label);
      assert.ok(s !== undefined, label);
      return s;
    };
    assert.ok(accuracy >= 0.99, `target accuracy ${accuracy}`);
    // The models have one attention layer (see tools/zoo/planted/README.md), so layer 0, the layer
    // mean and rollout see the same map. Bars are what was measured on these models, with slack.
    // Some heads park attention on the query's own position (it holds x_{t-1}, never a source), and
    // rollout adds 0.5 of the identity to every row, so the query is left out here; with it the
    // precision is lower (printed above; rollout with the query is 0 for k = 1).
    for (const label of ['layer 0, query excluded', 'layer mean, query excluded', 'rollout, query excluded']) {
      const s = get(label);
      assert.ok(s.precision >= 0.9 && s.recall >= 0.9, `${label}: precision ${s.precision}, recall ${s.recall}`);
    }
    // The module's own aggregate agrees with the same computation done here.
    assert.equal(get('module rollout').hits, get('rollout').hits);
    assert.equal(get('module mean').hits, get('layer mean').hits);
    // Controls score low.
    assert.ok(
      get('control: random positions').precision <= 0.2,
      `random: ${get('control: random positions').precision}`,
    );
  });
}
