import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fitComputeLaw, fitPowerLaw, type LawPoint } from '../../../src/core/analyses/scaling/computeFit';
import { fitL2l, type PairPoint } from '../../../src/core/analyses/scaling/l2l';
import { computeLoss, l2lLoss, powerLoss } from '../../../src/core/analyses/scaling/laws';
import { lossToLoss } from '../../../src/core/analyses/scaling/lossToLoss';
import { FIXTURES } from '../helpers';

const close = (actual: number, expected: number, rel: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected}`);

const TRUE_COMPUTE = { A: 4e8, B: 2e9, E: 1.7, alpha: 0.34, beta: 0.28 };

function computeRuns(law = TRUE_COMPUTE): LawPoint[] {
  const points: LawPoint[] = [];
  for (const N of [1e7, 3e7, 1e8, 3e8, 1e9])
    for (const D of [2e8, 1e9, 5e9, 2e10])
      points.push({ where: `N ${N} D ${D}`, N, D, C: 6 * N * D, loss: computeLoss(law, N, D) });
  return points;
}

test('noise-free runs of a compute law give back its parameters (1e-9)', () => {
  const fit = fitComputeLaw(computeRuns());
  for (const k of ['A', 'B', 'E', 'alpha', 'beta'] as const) close(fit.law[k], TRUE_COMPUTE[k], 1e-9, k);
  assert.ok(fit.huber < 1e-25);
});

test('noise-free points of a power law give back its parameters (1e-9)', () => {
  const law = { A: 3e3, E: 1.2, alpha: 0.17 };
  const points = [1e17, 1e18, 1e19, 1e20, 1e21].map((C) => ({ where: `C ${C}`, C, loss: powerLoss(law, C) }));
  const fit = fitPowerLaw(points);
  for (const k of ['A', 'E', 'alpha'] as const) close(fit.law[k], law[k], 1e-9, k);
});

const L2L = { kappa: 1.23, K: 0.71, e0: 1.4, e1: 0.9 };
const pairs: PairPoint[] = [1.6, 1.8, 2.0, 2.3, 2.7, 3.2, 3.9, 4.5].map((x, i) => ({
  where: `row ${i + 1}`,
  x,
  y: l2lLoss(L2L, x),
}));

test('loss-to-loss on noise-free pairs: κ and K exact to 1e-9 with E fixed or E_y free, 1e-7 with both free', () => {
  const fixed = fitL2l(pairs, { e0: L2L.e0, e1: L2L.e1 });
  const e1Free = fitL2l(pairs, { e0: L2L.e0 });
  const bothFree = fitL2l(pairs, {});
  assert.deepEqual([fixed?.mode, e1Free?.mode, bothFree?.mode], ['fixed', 'e1-free', 'both-free']);
  for (const [fit, rel] of [
    [fixed, 1e-9],
    [e1Free, 1e-9],
    [bothFree, 1e-7],
  ] as const) {
    assert.ok(fit);
    for (const k of ['kappa', 'K', 'e0', 'e1'] as const) close(fit.law[k], L2L[k], rel, `${fit.mode} ${k}`);
  }
});

interface PaperExpected {
  source: string;
  fits: Record<string, { A: number; B: number; E: number; alpha: number; beta: number; loss: number }>;
  l2l: { kappa: number; K: number; e0: number; e1: number };
}
const paper = JSON.parse(readFileSync(join(FIXTURES, 'scaling', 'paper-expected.json'), 'utf8')) as PaperExpected;
const sweep = readFileSync(join(FIXTURES, 'scaling', 'paper-sweep.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));

test("the paper's train-to-train fit, FineWeb-Edu → StarCoder with its E's: κ ≈ 1.10, K ≈ 0.63", () => {
  const rows = readFileSync(join(FIXTURES, 'scaling', 'paper-pairs.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const points = rows.map((l, i) => {
    const [x = '', y = ''] = l.split(',');
    return { where: `row ${i + 1}`, x: Number(x), y: Number(y) };
  });
  const fit = fitL2l(points, { e0: paper.l2l.e0, e1: paper.l2l.e1 });
  assert.ok(fit);
  close(fit.law.kappa, paper.l2l.kappa, 1e-9, 'kappa');
  close(fit.law.K, paper.l2l.K, 1e-9, 'K');
  assert.equal(fit.law.kappa.toFixed(2), '1.10');
  assert.equal(fit.law.K.toFixed(2), '0.63');
});

for (const dataset of ['fineweb-edu-100b', 'starcoder']) {
  test(`the compute law of the authors' ${dataset} runs: their parameters (1e-4), a Huber loss no higher`, () => {
    const points = sweep
      .filter((r) => r[1] === dataset)
      .map(([run = '', , n, d, loss]) => ({
        where: run,
        N: Number(n),
        D: Number(d),
        C: 6 * Number(n) * Number(d),
        loss: Number(loss),
      }));
    const fit = fitComputeLaw(points);
    const theirs = paper.fits[dataset];
    assert.ok(theirs);
    for (const k of ['A', 'B', 'E', 'alpha', 'beta'] as const) close(fit.law[k], theirs[k], 1e-4, k);
    assert.ok(fit.huber <= theirs.loss * (1 + 1e-6), `${fit.huber} vs their ${theirs.loss}`);
  });
}

test("both E's free: E_x stays below a held-out or predicted x, so the law is defined there", async () => {
  const free = fitL2l(pairs, { xFloor: 1.3 });
  assert.ok(free && free.law.e0 < 1.3, `e0 ${free?.law.e0}`);
  const fit = await lossToLoss(pairs, { predict: [1.35], holdOut: 'none', bootstrap: 20, seed: 1 });
  assert.ok(fit.e0 < 1.35 && Number.isFinite(fit.prediction?.[0]?.predicted));
});
