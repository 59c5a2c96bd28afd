import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fitComputeLaw, fitPowerLaw } from '../../../src/core/analyses/scaling/computeFit';
import { fitL2l } from '../../../src/core/analyses/scaling/l2l';
import { FIXTURES } from '../helpers';

/** Written by tools/scaling/scipy_fixture.py (scipy's least_squares and curve_fit on seeded noisy data). */
const scipy = JSON.parse(readFileSync(join(FIXTURES, 'scaling', 'scipy-fits.json'), 'utf8')) as {
  compute: { N: number[]; D: number[]; loss: number[]; fit: Record<string, number>; huber: number };
  power: { C: number[]; loss: number[]; fit: Record<string, number>; huber: number };
  l2l: {
    x: number[];
    y: number[];
    truth: { e0: number };
    e1Free: Record<string, number> & { mse: number };
    bothFreeGrid: { mse: number };
  };
};

const close = (actual: number, expected: number, rel: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs scipy's ${expected}`);

test("compute law on noisy runs: scipy least_squares(loss='huber')'s minimum, to 1e-4", () => {
  const c = scipy.compute;
  const points = c.loss.map((loss, i) => {
    const N = c.N[i] ?? 0;
    const D = c.D[i] ?? 0;
    return { where: `run ${i}`, N, D, C: 6 * N * D, loss };
  });
  const fit = fitComputeLaw(points);
  assert.ok(fit.huber <= c.huber * (1 + 1e-7), `${fit.huber} vs scipy's ${c.huber}`);
  for (const [k, value] of Object.entries(c.fit)) close(fit.law[k as keyof typeof fit.law], value, 1e-4, k);
});

test("power law on noisy points: scipy least_squares(loss='huber')'s minimum, to 1e-5", () => {
  const p = scipy.power;
  const fit = fitPowerLaw(p.loss.map((loss, i) => ({ where: `run ${i}`, C: p.C[i] ?? 0, loss })));
  assert.ok(fit.huber <= p.huber * (1 + 1e-7), `${fit.huber} vs scipy's ${p.huber}`);
  for (const [k, value] of Object.entries(p.fit)) close(fit.law[k as keyof typeof fit.law], value, 1e-5, k);
});

test("loss-to-loss, E_y free: scipy curve_fit('trf')'s fit; both free: at least as good as the paper's grid", () => {
  const l = scipy.l2l;
  const points = l.x.map((x, i) => ({ where: `row ${i}`, x, y: l.y[i] ?? 0 }));
  const e1Free = fitL2l(points, { e0: l.truth.e0 });
  assert.ok(e1Free && e1Free.mse <= l.e1Free.mse * (1 + 1e-9));
  for (const k of ['kappa', 'K', 'e1'] as const) close(e1Free.law[k], l.e1Free[k] ?? 0, 1e-5, k);
  const bothFree = fitL2l(points, {});
  assert.ok(bothFree && bothFree.mse <= l.bothFreeGrid.mse, `${bothFree?.mse} vs grid ${l.bothFreeGrid.mse}`);
});
