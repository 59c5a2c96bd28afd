import assert from 'node:assert/strict';
import { test } from 'node:test';
import { huber, huberRoot } from '../../../src/core/analyses/scaling/huber';
import { computeLoss, l2lLoss, optimalN, optimalOf, translateLaw } from '../../../src/core/analyses/scaling/laws';

const law = { A: 6.68e7, B: 8.9e8, E: 1.9669, alpha: 0.4129, beta: 0.4556 };

test('translate: the closed form, worked by hand', () => {
  const t = translateLaw(law, { kappa: 1.1, K: 0.63, e1: 0.8452 });
  assert.equal(t.alpha, 1.1 * 0.4129);
  assert.equal(t.beta, 1.1 * 0.4556);
  assert.equal(t.E, 0.8452);
  assert.ok(Math.abs(t.A - 6.68e7 * 0.63 ** (1 / (1.1 * 0.4129))) < 1e-6 * t.A);
  assert.ok(Math.abs(t.B - 8.9e8 * 0.63 ** (1 / (1.1 * 0.4556))) < 1e-6 * t.B);
  // 0.63^(1/0.45419) = exp(ln 0.63 / 0.45419) = exp(-1.01727) ≈ 0.36158
  assert.ok(Math.abs(t.A / 6.68e7 - 0.36158) < 1e-4);
});

test('translate: the translated law is the loss-to-loss law applied to the source law', () => {
  const l2l = { kappa: 1.1, K: 0.63, e0: law.E, e1: 0.8452 };
  const t = translateLaw(law, l2l);
  for (const [N, D] of [
    [2e7, 4e8],
    [3e8, 6e9],
    [3.3e9, 5e10],
  ] as const) {
    const direct = l2lLoss(l2l, computeLoss(law, N, D));
    assert.ok(Math.abs(computeLoss(t, N, D) - direct) < 1e-12, `${N} ${D}`);
  }
});

test('N*(C): the closed form is the minimum over N of L(N, C/6N), checked numerically', () => {
  const optimal = optimalOf(law);
  for (const C of [1e18, 1e20, 1e21]) {
    const n = optimalN(optimal, C);
    const at = (N: number): number => computeLoss(law, N, C / (6 * N));
    let best = n;
    for (let f = 0.5; f <= 2; f += 0.001) if (at(n * f) < at(best)) best = n * f;
    assert.ok(Math.abs(best / n - 1) < 2e-3, `C ${C}: ${best} vs ${n}`);
    assert.ok(at(n) <= at(n * 1.01) && at(n) <= at(n / 1.01));
  }
  assert.equal(optimalOf(translateLaw(law, { kappa: 1.1, K: 0.63, e1: 0.8 })).a.toFixed(12), optimal.a.toFixed(12));
});

test("Huber roots: s²/2 = ρ(r), continuous at δ; ρ is the paper's (r²/2 inside δ, δ(|r| − δ/2) out)", () => {
  assert.equal(huber(5e-4), 0.5 * 5e-4 * 5e-4);
  assert.ok(Math.abs(huber(0.01) - 1e-3 * (0.01 - 5e-4)) < 1e-18);
  for (const r of [-0.2, -1e-3, -3e-4, 0, 2e-4, 1e-3, 1.0001e-3, 0.05]) {
    const { s, ds } = huberRoot(r);
    assert.ok(Math.abs((s * s) / 2 - huber(r)) < 1e-15, `r ${r}`);
    const h = 1e-9;
    assert.ok(Math.abs((huberRoot(r + h).s - huberRoot(r - h).s) / (2 * h) - ds) < 1e-4, `ds at ${r}`);
  }
});
