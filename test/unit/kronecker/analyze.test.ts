import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { analyzeStack } from '../../../src/core/analyses/kronecker/analyze';
import type { GradientStack } from '../../../src/core/analyses/kronecker/types';
import { denseOf, kroneckerSet, randomRank1, withSingularValues } from './kronFixtures';

const sum = (xs: readonly number[], p: number): number => xs.reduce((s, x) => s + x ** p, 0);

test('a single gradient with singular values σ gives the closed forms (1e-6)', async () => {
  const sigma = [3, 2, 1, 0.5];
  const g: GradientStack = { kind: 'dense', name: 'one', m: 4, n: 5, count: 1, data: withSingularValues(4, 5, sigma) };
  const r = await analyzeStack(g);
  assert.ok(Math.abs(r.cosOptimal - 9 / sum(sigma, 2)) < 1e-6, `optimal ${r.cosOptimal}`);
  assert.ok(Math.abs(r.cosShampooSquared - sum(sigma, 6) / (sum(sigma, 4) * sum(sigma, 2))) < 1e-6);
  assert.ok(Math.abs(r.cosShampoo - sum(sigma, 4) / sum(sigma, 2) ** 2) < 1e-6);
  assert.ok(r.converged);
  assert.equal(r.hNorm.exact, true);
  assert.ok(Math.abs(r.hNorm.value - sum(sigma, 2)) < 1e-9, 'for one gradient ‖H‖_F = ‖G‖_F²');
  assert.ok(Math.abs(r.trace - sum(sigma, 2)) < 1e-9);
  // L = G Gᵀ has eigenvalues σ², largest first.
  sigma.forEach((s, i) => assert.ok(Math.abs((r.spectra.l[i] as number) - s * s) < 1e-9));
  assert.equal(r.spectra.r.length, 5);
});

test('an exactly Kronecker H gives cosine 1 for L⊗R and for the optimal, rank-1 and dense alike', async () => {
  const s = kroneckerSet(3, 4);
  for (const stack of [s, denseOf(s)]) {
    const r = await analyzeStack(stack);
    assert.ok(Math.abs(r.cosShampooSquared - 1) < 1e-9, `${stack.kind}: ${r.cosShampooSquared}`);
    assert.ok(Math.abs(r.cosOptimal - 1) < 1e-9);
    assert.ok(r.cosShampoo < 1 - 1e-3, 'the square root is not the same Kronecker factorisation');
  }
});

test('on random gradients, optimal ≥ Shampoo² ≥ Shampoo, and rank-1 agrees with dense', async () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const s = randomRank1(5, 7, 12 + seed, seed);
    const r = await analyzeStack(s);
    assert.ok(r.cosOptimal >= r.cosShampooSquared - 1e-12, `seed ${seed}: ${r.cosOptimal} ${r.cosShampooSquared}`);
    assert.ok(r.cosShampooSquared >= r.cosShampoo, `seed ${seed}: ${r.cosShampooSquared} ${r.cosShampoo}`);
    const d = await analyzeStack(denseOf(s));
    for (const key of ['cosOptimal', 'cosShampooSquared', 'cosShampoo'] as const)
      assert.ok(Math.abs(d[key] - r[key]) < 1e-9, `${key}: dense ${d[key]}, rank-1 ${r[key]}`);
    // The cosine of power iteration never falls (alternating steps are a Rayleigh quotient of ℛℛᵀ).
    r.powerSteps.forEach((c, i) => i === 0 || assert.ok(c >= (r.powerSteps[i - 1] as number) - 1e-12));
  }
});

/** H = Σ vec(G_i) vec(G_i)ᵀ (row-major vec) formed explicitly, and its rearrangement ℛ(H) [m² × n²]. */
function explicitH(s: Extract<GradientStack, { kind: 'dense' }>): { h: Matrix; rh: Matrix } {
  const { m, n } = s;
  const h = new Matrix(m * n, m * n);
  const rh = new Matrix(m * m, n * n);
  for (let c = 0; c < s.count; c++) {
    const g = s.data.subarray(c * m * n, (c + 1) * m * n);
    for (let a = 0; a < m; a++)
      for (let b = 0; b < n; b++)
        for (let cc = 0; cc < m; cc++)
          for (let d = 0; d < n; d++) {
            const x = (g[a * n + b] as number) * (g[cc * n + d] as number);
            h.set(a * n + b, cc * n + d, h.get(a * n + b, cc * n + d) + x);
            rh.set(a * m + cc, b * n + d, rh.get(a * m + cc, b * n + d) + x);
          }
  }
  return { h, rh };
}

test('with H formed explicitly: the SVD of ℛ(H) gives the optimal cosine power iteration finds', async () => {
  const s = denseOf(randomRank1(3, 4, 9, 7)) as Extract<GradientStack, { kind: 'dense' }>;
  const { h, rh } = explicitH(s);
  const hNorm = h.norm('frobenius');
  const top = new SingularValueDecomposition(rh).diagonal[0] as number;
  const r = await analyzeStack(s);
  assert.ok(Math.abs(r.hNorm.value - hNorm) < 1e-9 * hNorm);
  assert.ok(Math.abs(r.cosOptimal - top / hNorm) < 1e-8, `power ${r.cosOptimal}, SVD ${top / hNorm}`);
  // L⊗R formed and compared with H entry by entry.
  const g = (c: number) =>
    new Matrix(Array.from({ length: 3 }, (_, i) => [...s.data.subarray(c * 12 + i * 4, c * 12 + i * 4 + 4)]));
  let l = Matrix.zeros(3, 3);
  let rr = Matrix.zeros(4, 4);
  for (let c = 0; c < s.count; c++) {
    l = l.add(g(c).mmul(g(c).transpose()));
    rr = rr.add(g(c).transpose().mmul(g(c)));
  }
  const kron = l.kroneckerProduct(rr);
  const cos = kron.clone().mul(h).sum() / (kron.norm('frobenius') * hNorm);
  assert.ok(Math.abs(r.cosShampooSquared - cos) < 1e-9, `${r.cosShampooSquared} ${cos}`);
});

test('one power step stops at L⊗R; the spectra sum to the trace, largest first', async () => {
  const r = await analyzeStack(randomRank1(6, 4, 20, 9), { maxSteps: 1 });
  assert.deepEqual(r.powerSteps, [r.cosShampooSquared]);
  assert.equal(r.cosOptimal, r.cosShampooSquared);
  assert.equal(r.converged, false);
  for (const values of [r.spectra.l, r.spectra.r]) {
    assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - r.trace) < 1e-9 * r.trace);
    values.forEach((x, i) => i === 0 || assert.ok(x <= (values[i - 1] as number)));
  }
});

test('progress is reported and a cancelled run stops with a cancel', async () => {
  const seen: number[] = [];
  await analyzeStack(randomRank1(4, 4, 10, 3), { progress: (f) => seen.push(f) });
  assert.ok(seen.length > 2 && seen.every((f) => f >= 0 && f <= 1));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(analyzeStack(randomRank1(4, 4, 10, 3), { signal: controller.signal }), { code: 'cancelled' });
});

test('bad input: mismatched shapes, an empty set, NaN and all-zero gradients are refused', async () => {
  const ok = randomRank1(3, 4, 5, 1);
  const cases: [GradientStack, RegExp][] = [
    [{ ...ok, v: ok.v.subarray(0, 19) }, /shapes mismatch/u],
    [{ ...ok, count: 0, u: new Float64Array(0), v: new Float64Array(0) }, /empty set/u],
    [{ ...ok, u: Float64Array.from(ok.u, (x, i) => (i === 7 ? NaN : x)) }, /NaN/u],
    [{ ...ok, u: new Float64Array(ok.u.length) }, /zero/u],
    [{ ...ok, m: 5000, u: new Float64Array(0) }, /at most 4096/u],
  ];
  for (const [stack, message] of cases)
    await assert.rejects(analyzeStack(stack), (e: Error & { code?: string }) => {
      assert.match(e.message, message);
      assert.ok(e.code === 'bad-input' || e.code === 'too-long', e.code);
      return true;
    });
});
