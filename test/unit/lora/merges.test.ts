import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { adapter, delta, module, near } from './build';
import { mergeCat } from '../../../src/core/analyses/lora/cat';
import {
  catLogitsInit,
  catWeighted,
  catWeightsFromLogits,
  layerIndexOf,
} from '../../../src/core/analyses/lora/catWeighted';
import {
  mergeDareLinear,
  mergeDareTies,
  mergeMagnitudePrune,
  mergeTies,
} from '../../../src/core/analyses/lora/pruneMerges';
import { mergeLinear } from '../../../src/core/analyses/lora/linear';
import { loraMerge } from '../../../src/core/analyses/lora/merge';
import { LORA_MERGE_METHODS } from '../../../src/shared/lora';
import { mergeSvd } from '../../../src/core/analyses/lora/svd';
import { mergeTaskArithmetic } from '../../../src/core/analyses/lora/taskArithmetic';
import { peftRead } from '../../../src/core/formats/peft/readAdapter';
import { peftWrite } from '../../../src/core/formats/peft/writeAdapter';
import type { LoraAdapter } from '../../../src/core/formats/peft/types';
import { LensError } from '../../../src/core/errors';

// Two rank-1 adapters on one 2×2 module.
//   X: A1 = [1 2], B1 = [1 0]ᵀ, r = 1, alpha = 2 → s1 = 2, ΔW1 = s1·B1A1 = [[2 4] [0 0]]
//   Y: A2 = [0 1], B2 = [2 1]ᵀ, r = 1, alpha = 1 → s2 = 1, ΔW2 = s2·B2A2 = [[0 2] [0 1]]
// Weights w = (0.5, 2): Σ w_i ΔW_i = [[1 2] [0 0]] + [[0 4] [0 2]] = [[1 6] [0 2]].
const Q = 'model.layers.0.self_attn.q_proj';
const X = adapter([module(Q, [[1, 2]], [[1], [0]], 2)]);
const Y = adapter([module(Q, [[0, 1]], [[2], [1]], 1)]);
const W = [0.5, 2];
const only = (a: LoraAdapter) => {
  const m = a.modules.get(Q);
  assert.ok(m !== undefined);
  return m;
};
const R2 = Math.SQRT2;

test('cat: A stacks w_i·s_i·A_i, B concatenates B_i, rank 2, scaling 1; ΔW is the weighted sum exactly', () => {
  // A = [[0.5·2·1, 0.5·2·2], [2·1·0, 2·1·1]] = [[1 2] [0 2]]; B = [[1 2] [0 1]]
  // B·A = [[1·1 + 2·0, 1·2 + 2·2] [0, 1·2]] = [[1 6] [0 2]]
  const m = only(mergeCat([X, Y], W));
  assert.deepEqual([m.rank, m.alpha, m.scaling], [2, 2, 1]);
  near(m.a.data, [1, 2, 0, 2], 0, 'A');
  near(m.b.data, [1, 2, 0, 1], 0, 'B');
  near(
    delta(m),
    [
      [1, 6],
      [0, 2],
    ],
    0,
    'ΔW',
  );
});

test('cat on random adapters of different ranks: ΔW equals Σ w_i s_i B_i A_i to float precision', () => {
  let seed = 3;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const rows = (r: number, c: number) => Array.from({ length: r }, () => Array.from({ length: c }, rnd));
  const a1 = adapter([module(Q, rows(2, 5), rows(4, 2), 8)]);
  const a2 = adapter([module(Q, rows(3, 5), rows(4, 3), 3, true)], { useRslora: true });
  const w = [0.7, -1.3];
  const m = only(mergeCat([a1, a2], w));
  assert.equal(m.rank, 5);
  const d1 = delta(only(a1)).flat();
  const d2 = delta(only(a2)).flat();
  near(
    delta(m).flat(),
    d1.map((v, i) => w[0]! * v + w[1]! * (d2[i] ?? 0)),
    1e-5,
    'ΔW',
  );
});

test('linear: factors mixed with √(w_i s_i), so B·A carries cross terms', () => {
  // √(w1 s1) = √(0.5·2) = 1, √(w2 s2) = √2.
  // A = [1 2] + √2·[0 1] = [1, 2+√2];  B = [1 0]ᵀ + √2·[2 1]ᵀ = [1+2√2, √2]ᵀ
  // B·A = [[1+2√2, (1+2√2)(2+√2)] [√2, √2(2+√2)]] = [[1+2√2, 6+5√2] [√2, 2+2√2]]
  const m = only(mergeLinear([X, Y], W));
  assert.deepEqual([m.rank, m.alpha, m.scaling], [1, 1, 1]);
  near(m.a.data, [1, 2 + R2], 1e-6, 'A');
  near(m.b.data, [1 + 2 * R2, R2], 1e-6, 'B');
  near(
    delta(m),
    [
      [1 + 2 * R2, 6 + 5 * R2],
      [R2, 2 + 2 * R2],
    ],
    1e-5,
    'ΔW',
  );
});

test('linear refuses unequal ranks and negative weights, saying what to use instead', () => {
  const Z = adapter([
    module(
      Q,
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
      2,
    ),
  ]);
  assert.throws(
    () => mergeLinear([X, Z], [1, 1]),
    (e: unknown) => e instanceof LensError && /needs equal ranks.*Use cat or svd/.test(e.message),
  );
  assert.throws(() => mergeLinear([X, Y], [1, -1]), /cannot be negative. Use cat, svd or task_arithmetic/);
});

test('svd: full rank reproduces ΔW; rank 1 keeps σ1 = (3√5+√37)/2 and leaves error σ2', async () => {
  // ΔW = [[1 6] [0 2]]: ‖ΔW‖² = 41, det = 2,
  // so σ1 + σ2 = √(41+4) = 3√5 and σ1 − σ2 = √(41−4) = √37.
  const s1 = (3 * Math.sqrt(5) + Math.sqrt(37)) / 2; // 6.39548
  const s2 = (3 * Math.sqrt(5) - Math.sqrt(37)) / 2; // 0.31272
  near(
    delta(only(await mergeSvd([X, Y], W, { rank: 2 }))),
    [
      [1, 6],
      [0, 2],
    ],
    1e-5,
    'rank 2',
  );
  const m = only(await mergeSvd([X, Y], W)); // default rank = max source rank = 1
  assert.equal(m.rank, 1);
  const d = delta(m).flat();
  const err = Math.hypot(...[1, 6, 0, 2].map((v, i) => v - (d[i] ?? 0)));
  near([err], [s2], 1e-5, 'Frobenius error');
  near([Math.hypot(...d)], [s1], 1e-5, 'kept norm');
  near([Math.hypot(...Array.from(m.b.data))], [s1], 1e-5, 'B = U·Σ carries σ1');
  near([Math.hypot(...Array.from(m.a.data))], [1], 1e-6, 'A = Vᵀ has unit rows');
});

test('svd with peftDoubleScaling applies s_i twice, as released PEFT does', async () => {
  // Σ w_i s_i² B_i A_i = 0.5·4·[[1 2] [0 0]] + 2·1·[[0 2] [0 1]] = [[2 8] [0 2]]
  near(
    delta(only(await mergeSvd([X, Y], W, { rank: 2, peftDoubleScaling: true }))),
    [
      [2, 8],
      [0, 2],
    ],
    1e-5,
    'ΔW',
  );
});

test('task arithmetic: exact (= cat) without a rank, = svd with one; negative weights subtract', async () => {
  near(
    delta(only(await mergeTaskArithmetic([X, Y], [1, -1]))),
    [
      [2, 2],
      [0, -1],
    ],
    1e-6,
    'ΔW1 − ΔW2',
  );
  near(
    delta(only(await mergeTaskArithmetic([X, Y], W, { rank: 1 }))),
    delta(only(await mergeSvd([X, Y], W))),
    1e-6,
    'rank 1',
  );
});

test(
  'ties on factors (PEFT ties), density 0.5: prune, elect sign on the unweighted sum, mean of agreeing ' +
    'weighted entries',
  async () => {
    // Weights √(w_i s_i) = (1, √2); k = ⌊0.5·2⌋ = 1 entry kept per tensor.
    // A: [1 2]→[0 2], [0 1]→[0 1]; sum [0 3] elects (+,+); entry 0 has no agreeing non-zero → 0;
    //    entry 1: (1·2 + √2·1)/2 = 1 + √2/2.
    // B: [1 0]→[1 0], [2 1]→[2 0]; entry 0: (1·1 + √2·2)/2 = (1+2√2)/2; entry 1: 0.
    const m = only(await mergeTies([X, Y], W, { density: 0.5 }));
    near(m.a.data, [0, 1 + R2 / 2], 1e-6, 'A');
    near(m.b.data, [(1 + 2 * R2) / 2, 0], 1e-6, 'B');
  },
);

test('magnitude_prune on factors, density 0.5: prune each tensor, then the √(w s)-weighted sum', async () => {
  // A = 1·[0 2] + √2·[0 1] = [0, 2+√2];  B = 1·[1 0] + √2·[2 0] = [1+2√2, 0]
  const m = only(await mergeMagnitudePrune([X, Y], W, { density: 0.5 }));
  near(m.a.data, [0, 2 + R2], 1e-6, 'A');
  near(m.b.data, [1 + 2 * R2, 0], 1e-6, 'B');
});

test('ties on updates (PEFT ties_svd), density 1, rank 2: agreeing entries averaged', async () => {
  // ΔW1 = [[2 4] [0 0]], ΔW2 = [[0 2] [0 1]], w = (0.5, 2): weighted [[1 2] [0 0]] and [[0 4] [0 2]].
  // Signs all + (zeros elect +). Entry (0,1): both agree → (2 + 4)/2 = 3; others have one non-zero.
  near(
    delta(only(await mergeTies([X, Y], W, { density: 1, space: 'delta', rank: 2 }))),
    [
      [1, 3],
      [0, 2],
    ],
    1e-5,
    'ΔW',
  );
});

test('dare_linear and dare_ties: seeded, reproducible, and density 1 is plain linear / ties', async () => {
  const a = only(await mergeDareLinear([X, Y], W, { density: 0.5, seed: 11 }));
  const b = only(await mergeDareLinear([X, Y], W, { density: 0.5, seed: 11 }));
  assert.deepEqual(Array.from(a.a.data), Array.from(b.a.data));
  near(
    only(await mergeDareLinear([X, Y], W, { density: 1, seed: 1 })).a.data,
    only(mergeLinear([X, Y], W)).a.data,
    0,
    'density 1',
  );
  near(
    only(await mergeDareTies([X, Y], W, { density: 1, seed: 1 })).b.data,
    only(await mergeTies([X, Y], W, { density: 1 })).b.data,
    0,
    'density 1',
  );
  // Every entry of a DARE result is a sum of kept entries rescaled by 1/density.
  const possibleA0 = [0, 1 / 0.5]; // only X has a non-zero A entry 0, weight 1
  assert.ok(
    possibleA0.some((v) => Math.abs(v - (a.a.data[0] ?? NaN)) < 1e-6),
    `A[0] = ${a.a.data[0]}`,
  );
  await assert.rejects(() => mergeDareTies([X, Y], W, { density: 0 }), /Density 0 is not usable/);
});

test('CAT with per-layer weights: each layer mixes its own way; equal rows give PEFT cat', async () => {
  const K = 'model.layers.1.self_attn.q_proj';
  const X2 = adapter([module(Q, [[1, 2]], [[1], [0]], 2), module(K, [[1, 0]], [[0], [1]], 1)]);
  const Y2 = adapter([module(Q, [[0, 1]], [[2], [1]], 1), module(K, [[0, 1]], [[1], [1]], 1)]);
  // layer 0 weights (1, 0): ΔW = ΔW1 = [[2 4] [0 0]]
  // layer 1 weights (0.25, 0.75): 0.25·[[0 0] [1 0]] + 0.75·[[0 1] [0 1]] = [[0 0.75] [0.25 0.75]]
  const merged = catWeighted(
    [X2, Y2],
    [
      [1, 0],
      [0.25, 0.75],
    ],
  );
  near(
    delta(merged.modules.get(Q)!),
    [
      [2, 4],
      [0, 0],
    ],
    1e-6,
    'layer 0',
  );
  near(
    delta(merged.modules.get(K)!),
    [
      [0, 0.75],
      [0.25, 0.75],
    ],
    1e-6,
    'layer 1',
  );
  const same = catWeighted([X2, Y2], [W, W]);
  near(same.modules.get(Q)!.a.data, mergeCat([X2, Y2], W).modules.get(Q)!.a.data, 0, 'equal rows = cat');
  assert.throws(() => catWeighted([X2, Y2], [[1, 0]]), /layer 1, but CAT weights are given for layers 0–0/);
  assert.equal(layerIndexOf('base.h.11.attn.c_attn'), 11);
  const w = catWeightsFromLogits(catLogitsInit(3, 2, 5));
  assert.equal(w.length, 3);
  for (const row of w) near([row.reduce((s, x) => s + x, 0)], [1], 1e-12, 'softmax row');
  near(
    catWeightsFromLogits({ layers: 1, loras: 2, logits: Float64Array.from([0, Math.log(3)]) })[0] ?? [],
    [0.25, 0.75],
    1e-12,
    'softmax',
  );
});

test('adapters for different base models, or of different shapes, are refused', async () => {
  const other = adapter([module(Q, [[1, 2]], [[1], [0]], 2)], { baseModelNameOrPath: 'another-base' });
  assert.throws(
    () => mergeCat([X, other], [1, 1]),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input' && /different base models/.test(e.message),
  );
  const wide = adapter([module(Q, [[1, 2, 3]], [[1], [0]], 2)]);
  assert.throws(() => mergeCat([X, wide], [1, 1]), /is \[2 × 2\] in an earlier adapter but \[2 × 3\] in adapter 2/);
  assert.throws(() => mergeCat([X, Y], [1]), /Got 1 weights for 2 adapters/);
  await assert.rejects(() => loraMerge('soup', [X, Y], { weights: W }), /Unknown merge method "soup"/);
});

test('every method by name: a merged adapter written as PEFT reloads and reproduces its ΔW to 1e-5', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lens-merge-'));
  for (const method of LORA_MERGE_METHODS) {
    const merged = await loraMerge(method, [X, Y], { weights: W, seed: 3, rank: 1 });
    const dir = join(root, method);
    await peftWrite(dir, merged);
    const back = await peftRead(dir);
    near(delta(only(back)), delta(only(merged)), 1e-5, method);
    assert.equal(only(back).scaling, 1, `${method} scaling`);
  }
});
