import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeStack } from '../../../src/core/analyses/kronecker/analyze';
import { hNormSquaredEstimate, hNormSquaredExact } from '../../../src/core/analyses/kronecker/hNorm';
import { factorsOf } from '../../../src/core/analyses/kronecker/stack';
import { denseOf, randomRank1 } from './kronFixtures';

/** Σ_ij ⟨G_i, G_j⟩² by the definition, on the dense matrices. */
function byDefinition(data: Float64Array, count: number, size: number): number {
  let total = 0;
  for (let i = 0; i < count; i++)
    for (let j = 0; j < count; j++) {
      let d = 0;
      for (let k = 0; k < size; k++) d += (data[i * size + k] as number) * (data[j * size + k] as number);
      total += d * d;
    }
  return total;
}

test('the exact ‖H‖² by Gram blocks equals the definition, over more than one block of rows', async () => {
  const s = randomRank1(6, 5, 700, 4);
  const d = denseOf(s);
  const truth = byDefinition(d.kind === 'dense' ? d.data : new Float64Array(), 700, 30);
  for (const stack of [s, d]) {
    const exact = await hNormSquaredExact(factorsOf(stack));
    assert.ok(Math.abs(exact - truth) < 1e-9 * truth, `${stack.kind}: ${exact} ${truth}`);
  }
});

test('the sampled estimate of ‖H‖² is unbiased: its mean over 400 seeds is within 4 standard errors', async () => {
  const s = randomRank1(4, 3, 60, 8);
  const factors = factorsOf(s);
  const exact = await hNormSquaredExact(factors);
  const values: number[] = [];
  let reported = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const e = hNormSquaredEstimate(factors, { pairs: 100, seed });
    assert.equal(e.exact, false);
    values.push(e.value);
    reported += (e.stderr ?? 0) / 400;
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  assert.ok(Math.abs(mean - exact) < (4 * sd) / Math.sqrt(values.length), `mean ${mean}, exact ${exact}, sd ${sd}`);
  // The standard error each estimate reports matches the spread of the estimates (within 25 %).
  assert.ok(Math.abs(reported / sd - 1) < 0.25, `reported ${reported}, measured ${sd}`);
});

test('the analysis says when ‖H‖ is estimated, with a standard error, and the cosines stay close', async () => {
  const s = randomRank1(8, 6, 300, 5);
  const exact = await analyzeStack(s, { hNorm: 'exact' });
  const estimated = await analyzeStack(s, { hNorm: 'estimate', pairs: 20_000, seed: 3 });
  assert.equal(exact.hNorm.exact, true);
  assert.equal(exact.hNorm.stderr, undefined);
  assert.equal(estimated.hNorm.exact, false);
  assert.equal(estimated.hNorm.pairs, 20_000);
  const se = estimated.hNorm.stderr ?? 0;
  assert.ok(se > 0 && Math.abs(estimated.hNorm.value - exact.hNorm.value) < 5 * se);
  const ratio = exact.hNorm.value / estimated.hNorm.value;
  assert.ok(Math.abs(estimated.cosOptimal - exact.cosOptimal * ratio) < 1e-9, 'only ‖H‖ is estimated');
});
