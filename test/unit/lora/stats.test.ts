import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapter, module, near } from './build';
import { loraCosines, tiesConflicts } from '../../../src/core/analyses/lora/stats';

// ΔW1 = 2·[1 0]ᵀ[1 2] = [[2 4] [0 0]] (alpha 2, r 1);  ΔW3 = [1 1]ᵀ[1 −1] = [[1 −1] [1 −1]].
// ⟨ΔW1, ΔW3⟩ = 2·1 + 4·(−1) = −2; ‖ΔW1‖ = √20, ‖ΔW3‖ = 2 → cos = −2/(2√20) = −1/√20.
// Entries where both are non-zero: (0,0) 2 vs 1 agree, (0,1) 4 vs −1 conflict → 1 of 2.
const L0 = 'model.layers.0.mlp.up_proj';
const L1 = 'model.layers.1.mlp.up_proj';
const X = adapter([module(L0, [[1, 2]], [[1], [0]], 2), module(L1, [[1, 0]], [[1], [0]], 1)], {
  targetModules: ['up_proj'],
});
const Z = adapter([module(L0, [[1, -1]], [[1], [1]], 1), module(L1, [[2, 0]], [[3], [0]], 1)], {
  targetModules: ['up_proj'],
});

test('cosine of the updates per module and per layer, from the factors', () => {
  const { modules, layers } = loraCosines([X, Z]);
  near(modules[0]?.cosine.flat() ?? [], [1, -1 / Math.sqrt(20), -1 / Math.sqrt(20), 1], 1e-6, 'layer 0 module');
  // layer 1: ΔW = [[1 0] [0 0]] and [[6 0] [0 0]]: parallel → 1.
  near([layers[1]?.cosine[0]?.[1] ?? NaN], [1], 1e-6, 'layer 1');
  assert.deepEqual(
    layers.map((l) => l.name),
    ['layer 0', 'layer 1'],
  );
});

test('share of sign conflicts TIES resolves, per module and pooled per layer', async () => {
  const { modules, layers } = await tiesConflicts([X, Z], 1);
  assert.deepEqual(
    modules.map((m) => [m.entries, m.overlapping, m.conflicting]),
    [
      [4, 2, 1],
      [4, 1, 0],
    ],
  );
  near([modules[0]?.share ?? NaN], [0.5], 0, 'share');
  assert.equal(layers[0]?.conflicting, 1);
  // At density 0.25 (one entry each): ΔW1 keeps 4 at (0,1), ΔW3 keeps its first |1| at (0,0) → no overlap.
  const sparse = await tiesConflicts([X, Z], 0.25);
  assert.equal(sparse.modules[0]?.overlapping, 0);
  assert.ok(Number.isNaN(sparse.modules[0]?.share));
});
