import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeStack } from '../../../src/core/analyses/kronecker/analyze';
import { modelGradients, modelLayers } from '../../../src/core/analyses/kronecker/sources';
import type { GradientStack } from '../../../src/core/analyses/kronecker/types';
import { FIXTURES, MODELS } from '../helpers';
import { gramCosines } from './gramCosines';

type Rank1 = Extract<GradientStack, { kind: 'rank1' }>;
interface Fixture {
  text: string;
  count: number;
  layers: Record<string, { m: number; n: number }>;
  examples: Record<string, { u: number[]; v: number[] }>[];
  cosines: { layer: string; cosOptimal: number; cosShampooSquared: number; cosShampoo: number };
}
const fx = JSON.parse(readFileSync(join(FIXTURES, 'kronecker', 'kron-mlp-gradients.json'), 'utf8')) as Fixture;
const base = { model: 'kron-mlp', modelsDir: MODELS, allowLocalFiles: false };

async function stacks(o: { labels?: 'true' | 'sampled'; seed?: number; layers?: string[]; max?: number } = {}) {
  const out = await modelGradients({
    ...base,
    text: fx.text,
    labels: o.labels ?? 'true',
    seed: o.seed ?? 0,
    maxExamples: o.max ?? 10_000,
    ...(o.layers !== undefined ? { layers: o.layers } : {}),
  });
  return out.map((s) => {
    assert.ok(s.kind === 'rank1');
    return s;
  });
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 2e-5 + 1e-4 * Math.abs(b);

test('kron-mlp offers fc1, fc2 and output with the fixture shapes', async () => {
  const layers = await modelLayers(base);
  assert.deepEqual(
    layers,
    Object.entries(fx.layers).map(([name, s]) => ({ name, m: s.m, n: s.n })),
  );
  assert.deepEqual(
    layers.map((l) => [l.name, l.m, l.n]),
    [
      ['fc1', 256, 512],
      ['fc2', 256, 256],
      ['output', 257, 256],
    ],
  );
});

test('kron-mlp: the graph backward pass through onnxruntime equals PyTorch autograd (fixture)', async () => {
  const all = await stacks();
  assert.deepEqual(
    all.map((s) => [s.name, s.count]),
    Object.keys(fx.layers).map((k) => [k, fx.count]),
  );
  fx.examples.forEach((ex, i) => {
    for (const s of all) {
      const want = ex[s.name];
      assert.ok(want !== undefined);
      const u = s.u.subarray(i * s.m, (i + 1) * s.m);
      const v = s.v.subarray(i * s.n, (i + 1) * s.n);
      want.u.forEach((x, j) => assert.ok(close(u[j] ?? NaN, x), `${s.name} u[${i}][${j}] ${u[j]} vs ${x}`));
      want.v.forEach((x, j) => assert.ok(close(v[j] ?? NaN, x), `${s.name} v[${i}][${j}] ${v[j]} vs ${x}`));
    }
  });
});

test('kron-mlp: a layer cosines via onnxruntime = numpy (fixture); optimal >= Shampoo^2 >= Shampoo', async () => {
  const [s] = await stacks({ layers: [fx.cosines.layer] });
  assert.ok(s !== undefined);
  const c = await gramCosines(s);
  for (const k of ['cosOptimal', 'cosShampooSquared', 'cosShampoo'] as const) {
    assert.ok(Math.abs(c[k] - fx.cosines[k]) < 1e-6, `${k} ${c[k]} vs ${fx.cosines[k]}`);
  }
  assert.ok(c.cosOptimal >= c.cosShampooSquared && c.cosShampooSquared >= c.cosShampoo, JSON.stringify(c));
});

test("kron-mlp: the Kronecker analysis of the fixture's layer gives numpy's cosines", async () => {
  const [s] = await stacks({ layers: [fx.cosines.layer] });
  assert.ok(s !== undefined);
  const r = await analyzeStack(s, { maxSteps: 500, tolerance: 1e-13 });
  assert.equal(r.hNorm.exact, true);
  for (const k of ['cosOptimal', 'cosShampooSquared', 'cosShampoo'] as const) {
    assert.ok(Math.abs(r[k] - fx.cosines[k]) < 1e-6, `${k} ${r[k]} vs ${fx.cosines[k]}`);
  }
});

test('kron-mlp: the output layer u = p − e_y sums to zero; sampled labels differ from the text', async () => {
  const [t] = await stacks({ layers: ['output'] });
  const [a] = await stacks({ layers: ['output'], labels: 'sampled', seed: 3 });
  const [b] = await stacks({ layers: ['output'], labels: 'sampled', seed: 3 });
  assert.ok(t !== undefined && a !== undefined && b !== undefined);
  const labels = (s: Rank1): number[] =>
    Array.from({ length: s.count }, (_, i) => {
      const row = s.u.subarray(i * s.m, (i + 1) * s.m);
      assert.ok(Math.abs(row.reduce((x, y) => x + y, 0)) < 1e-5);
      return row.indexOf(Math.min(...row));
    });
  assert.deepEqual(labels(t), [...Buffer.from(fx.text, 'utf8')]);
  assert.deepEqual(a.u, b.u);
  assert.notDeepEqual(labels(a), labels(t));
  assert.deepEqual(a.v, t.v, 'the inputs of the output layer do not depend on the labels');
});

test('kron-mlp: layers as asked, in that order; maxExamples keeps the first tokens; an unknown layer', async () => {
  const two = await stacks({ layers: ['output', 'fc1'], max: 5 });
  assert.deepEqual(
    two.map((s) => [s.name, s.count]),
    [
      ['output', 5],
      ['fc1', 5],
    ],
  );
  const [full] = await stacks({ layers: ['fc1'] });
  assert.deepEqual(two[1]?.v, full?.v.subarray(0, 5 * 512));
  await assert.rejects(
    stacks({ layers: ['fc3'] }),
    (e: { code?: string; message?: string }) =>
      e.code === 'bad-input' && (e.message ?? '').includes('fc1, fc2, output'),
  );
});

test('a local folder with a gradient graph offers its layers (trusted workspace only)', async () => {
  const folder = join(MODELS, 'kron-mlp');
  const local = await modelLayers({ ...base, model: folder, allowLocalFiles: true });
  assert.deepEqual(local, await modelLayers(base));
  await assert.rejects(modelLayers({ ...base, model: folder }), (e: { code?: string }) => e.code === 'untrusted');
});

test('a gradient graph without an output_grads output: the error names it and says what to do', async () => {
  await assert.rejects(
    modelLayers({ ...base, model: join(FIXTURES, 'kronecker', 'no-output-grads'), allowLocalFiles: true }),
    (e: { code?: string; message?: string }) =>
      e.code === 'missing-output' &&
      /lacks output_grads\.fc1\b/u.test(e.message ?? '') &&
      /Re-export/u.test(e.message ?? ''),
  );
});
