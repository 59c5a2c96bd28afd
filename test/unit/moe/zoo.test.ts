/**
 * The mixture-of-experts zoo (tools/zoo/moe): files against the manifest, the contract's outputs, onnxruntime
 * against PyTorch's logits and router logits (test/fixtures/moe-zoo.reference.json, written at zoo-build time),
 * scoreAnswers against PyTorch's greedy exact match item by item, and the headlines of Mixture of Parrots on the
 * accuracies the manifest records.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { scoreAnswers, type AnswerItem } from '../../../src/core/analyses/tasks/scoreAnswers';
import { loadModel } from '../../../src/core/model/loadModel';
import { readManifest, type EmbeddedModel } from '../../../src/core/model/manifest';
import { FIXTURES, MODELS, quiet } from '../helpers';

interface MoeInfo {
  readonly task: 'phonebook' | 'paths';
  readonly experts: number;
  readonly topK: number;
  readonly layers: number;
  readonly dModel: number;
  readonly dExpert: number;
  readonly totalParams: number;
  readonly activeParams: number;
  readonly accuracy: number;
  readonly evalItems: number;
}
type MoeEntry = EmbeddedModel & { readonly moe: MoeInfo };
interface ForwardRow {
  readonly ids: number[];
  readonly positions: number[];
  readonly logits: number[][];
  readonly routerLogits: number[][][];
}
interface Reference {
  readonly forward: Record<string, ForwardRow[]>;
  readonly accuracy: Record<string, { indices: number[]; correct: number[] }>;
}

const TASKS = ['phonebook', 'paths'] as const;
const VARIANTS = ['e1', 'e2', 'e4', 'e8', 'e16', 'dense1x', 'dense2x'] as const;
const entries = new Map(
  readManifest(MODELS)
    .filter((m) => m.task === 'moe')
    .map((m) => [m.name, m as MoeEntry]),
);
const reference = JSON.parse(readFileSync(join(FIXTURES, 'moe-zoo.reference.json'), 'utf8')) as Reference;
const evalSet = (task: string) =>
  JSON.parse(readFileSync(join(MODELS, 'moe-data', `${task}.json`), 'utf8')) as { items: AnswerItem[] };

function entry(name: string): MoeEntry {
  const e = entries.get(name);
  assert.ok(e !== undefined, `${name} is not in the manifest`);
  return e;
}

test('every model of the contract is in the manifest, its files match their hashes, its parameters add up', () => {
  for (const task of TASKS) {
    const evalItems = evalSet(task).items.length;
    const active: number[] = [];
    for (const variant of VARIANTS) {
      const e = entry(`moe-${task}-${variant}`);
      for (const [file, sha] of Object.entries(e.sha256)) {
        const bytes = readFileSync(join(MODELS, e.dir, file));
        assert.equal(createHash('sha256').update(bytes).digest('hex'), sha, `${e.dir}/${file}`);
      }
      assert.deepEqual([e.graphs.lm, e.bosTokenId, e.moe.task, e.moe.evalItems], ['model.onnx', 256, task, evalItems]);
      const dense = variant.startsWith('dense');
      assert.equal(e.moe.experts, dense ? 0 : Number(variant.slice(1)));
      assert.equal(e.moe.topK, dense ? 0 : e.moe.experts === 1 ? 1 : 2);
      if (variant !== 'dense2x') active.push(e.moe.activeParams - routerParams(e.moe));
      assert.ok(e.moe.totalParams >= e.moe.activeParams && e.moe.accuracy >= 0 && e.moe.accuracy <= 1);
    }
    // E = 1 to 16 and dense 1x: the same active parameters besides the router, up to one output bias per expert
    assert.ok(Math.max(...active) / Math.min(...active) < 1.01, `${task}: active parameters ${active.join(', ')}`);
  }
});

/** Router weights (d·E per layer): counted in the active parameters, different for each E. */
const routerParams = (m: MoeInfo) => m.layers * m.dModel * m.experts;

test('the graphs output logits and router_logits.{layer} [batch, seq, E] exactly when they are MoEs', async () => {
  for (const task of TASKS) {
    for (const variant of VARIANTS) {
      const e = entry(`moe-${task}-${variant}`);
      const session = await ort.InferenceSession.create(join(MODELS, e.dir, e.graphs.lm));
      const routers = Array.from({ length: e.moe.experts > 0 ? e.moe.layers : 0 }, (_, i) => `router_logits.${i}`);
      assert.deepEqual([...session.inputNames], ['input_ids']);
      assert.deepEqual([...session.outputNames], ['logits', ...routers]);
      const out = await session.run({
        input_ids: ids([
          [256, 97, 98],
          [256, 99, 100],
        ]),
      });
      assert.deepEqual(out['logits']?.dims, [2, 3, 257]);
      for (const r of routers) assert.deepEqual(out[r]?.dims, [2, 3, e.moe.experts]);
      await session.release();
    }
  }
});

function ids(rows: number[][]): ort.Tensor {
  const flat = BigInt64Array.from(rows.flat().map(BigInt));
  return new ort.Tensor('int64', flat, [rows.length, rows[0]?.length ?? 0]);
}

test('onnxruntime reproduces PyTorch logits and router logits (float16 weights, within 1e-3)', async () => {
  assert.ok(Object.keys(reference.forward).length >= 2);
  for (const [name, rows] of Object.entries(reference.forward)) {
    const e = entry(name);
    const session = await ort.InferenceSession.create(join(MODELS, e.dir, e.graphs.lm));
    for (const row of rows) {
      const out = await session.run({ input_ids: ids([row.ids]) });
      const logits = out['logits']?.data as Float32Array;
      row.positions.forEach((t, i) => near(logits.subarray(t * 257, (t + 1) * 257), row.logits[i] ?? [], name));
      row.routerLogits.forEach((layer, l) => {
        const z = out[`router_logits.${l}`]?.data as Float32Array;
        near(z, layer.flat(), `${name} router ${l}`);
      });
    }
    await session.release();
  }
});

function near(got: ArrayLike<number>, want: readonly number[], what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs((got[i] ?? NaN) - (want[i] ?? NaN)) < 1e-3, what);
}

test('scoreAnswers agrees with PyTorch item by item on a fixed sample of every eval set', async () => {
  for (const task of TASKS) {
    const items = evalSet(task).items;
    for (const variant of VARIANTS) {
      const name = `moe-${task}-${variant}`;
      const want = reference.accuracy[name];
      assert.ok(want !== undefined && want.indices.length >= 20, name);
      const model = await loadModel(join(MODELS, entry(name).dir), { modelsDir: MODELS, device: 'cpu', log: quiet });
      const scores = await scoreAnswers(
        model,
        want.indices.map((i) => items[i] as AnswerItem),
      );
      assert.deepEqual(
        scores.map((s) => Number(s.exact)),
        want.correct,
        name,
      );
      await model.dispose();
    }
  }
});

const acc = (task: string, variant: string) => entry(`moe-${task}-${variant}`).moe.accuracy;

test('Mixture of Parrots on the zoo: phone-book accuracy rises by 30 points or more from E = 2 to E = 16', () => {
  const rise = acc('phonebook', 'e16') - acc('phonebook', 'e2');
  assert.ok(rise >= 0.3, `phone book: E = 16 beats E = 2 by ${rise.toFixed(3)}, not by 0.3 or more`);
});

test('Mixture of Parrots on the zoo: path accuracy moves across E by less than the gap between dense 2x and 1x', () => {
  const moes = ['e1', 'e2', 'e4', 'e8', 'e16'].map((v) => acc('paths', v));
  const spread = Math.max(...moes) - Math.min(...moes);
  const gap = acc('paths', 'dense2x') - acc('paths', 'dense1x');
  // A gap counts only beyond two standard errors of a difference of two accuracies near 50 % on the eval set.
  const margin = 2 * Math.sqrt(0.5 / entry('moe-paths-dense1x').moe.evalItems);
  const what = `MoEs spread ${spread.toFixed(3)}, dense 2x − 1x ${gap.toFixed(3)}, margin ${margin.toFixed(3)}`;
  assert.ok(gap > margin && spread < gap, `paths: ${what}`);
});
