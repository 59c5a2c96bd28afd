import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dependencyAgreement,
  type AblationSets,
  type RankedSets,
} from '../../../src/core/analyses/dependencies/dependencyAgreement';

// Four tokens (0 = BOS). Ablation scored tokens 2 and 3, trying positions 1..t−1 (ablatedFrom = 1):
// token 2 has one candidate {1}, token 3 two {1, 2}.
const k = 3;
const rows = (list: number[][]): Int32Array =>
  Int32Array.from(list.flatMap((r) => [...r, ...new Array<number>(k - r.length).fill(-1)]));
const attention: RankedSets = {
  k,
  // token 3: attention ranks BOS (0) first, then 2, then 1; token 2: 0, 1.
  topPositions: rows([[], [0], [0, 1], [0, 2, 1]]),
};
const ablation: AblationSets = {
  k,
  ablatedFrom: Int32Array.of(-1, -1, 1, 1),
  // token 3: ablation ranks 1 above 2, and only 1 has an effect above δ.
  topPositions: rows([[], [], [1], [1, 2]]),
  kDelta: Float32Array.of(NaN, NaN, 1, 1),
};

test('agreement on a hand-made pair of results', () => {
  // k = 1, token 3 only (token 2 has 1 candidate, not more than k): attention's top among {1, 2} is 2,
  // ablation's is 1 → overlap 0, Jaccard 0; chance = 1 / 2.
  const a1 = dependencyAgreement(attention, ablation, 1);
  assert.equal(a1.tokens, 1);
  assert.equal(a1.overlap, 0);
  assert.equal(a1.jaccard, 0);
  assert.equal(a1.chanceOverlap, 0.5);
  // k_δ = 1 for tokens 2 and 3: token 2 → {1} vs {1}: 1; token 3 → {2} vs {1}: 0; mean 0.5.
  assert.equal(a1.kDeltaTokens, 2);
  assert.equal(a1.kDeltaJaccard, 0.5);
  // k = 2: no token has more than 2 candidates.
  const a2 = dependencyAgreement(attention, ablation, 2);
  assert.equal(a2.tokens, 0);
  assert.ok(Number.isNaN(a2.overlap));
  assert.throws(() => dependencyAgreement(attention, ablation, 4), RangeError);
});
