/**
 * Longest carry chains (worked by hand below) and the carry-heavy sampler: over 2,000 seeded draws per task every
 * chain length 0 … n occurs about equally often, and each problem's measured chain equals the one it was drawn for.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carriesOut, longestCarryChain } from '../../../src/core/analyses/positions/carryChain';
import { problemCarryHeavy, problemWithChain } from '../../../src/core/analyses/positions/problemCarryHeavy';
import { rngSeeded } from '../../../src/core/random/rng';
import { LensError } from '../../../src/core/errors';

// problem → carries out, units first → longest chain
const TABLE: [string, number[], number | null][] = [
  ['57+68=', [1, 1], 2], // 7+8=15, 5+6+1=12
  ['123+456=', [0, 0, 0], 0],
  ['999+1=', [1, 1, 1], 3], // padded 999+001: 10, 10, 10
  ['4819+5372=', [1, 0, 1, 1], 2], // 9+2=11, 1+7+1=9, 8+3=11, 4+5+1=10
  ['0+0=', [0], 0],
  ['123*4=', [1, 0, 0], 1], // 12, 2·4+1=9, 4
  ['999*9=', [8, 8, 8], 3], // 81, 81+8=89, 89
  ['25*4=', [2, 1], 2], // 20, 8+2=10
  ['5*1', [0], 0],
  ['0123|', [], null],
];

test('longest carry chains of hand-worked problems', () => {
  for (const [problem, carries, chain] of TABLE) {
    assert.equal(longestCarryChain(problem), chain, problem);
    const m = /^(\d+)([+*])(\d+)/u.exec(problem);
    if (m !== null) assert.deepEqual(carriesOut(m[1] ?? '', m[3] ?? '', m[2] as '+' | '*'), carries, problem);
  }
});

test('a problem that is neither addition nor n×1 multiplication is refused', () => {
  for (const bad of ['12-3=', '12*34=', 'abc', '+1='])
    assert.throws(
      () => longestCarryChain(bad),
      (e: unknown) => e instanceof LensError && e.code === 'bad-input',
      bad,
    );
});

for (const task of ['addition', 'multiplication'] as const) {
  test(`${task}: 2,000 carry-heavy draws of length 12 hold every chain 0 … 12, each exactly as drawn`, () => {
    const rng = rngSeeded(7);
    const counts = new Array<number>(13).fill(0);
    for (let k = 0; k < 2000; k++) {
      const { problem, chain } = problemCarryHeavy(task, 12, rng);
      assert.equal(longestCarryChain(problem), chain, problem);
      const [a, b] = problem.replace('=', '').split(/[+*]/u);
      assert.ok(a?.length === 12 && a[0] !== '0', problem);
      assert.equal(b?.length, task === 'addition' ? 12 : 1, problem);
      if (task === 'addition') assert.notEqual(b?.[0], '0', problem);
      counts[chain] = (counts[chain] ?? 0) + 1;
    }
    // Uniform over 13 chains: 154 expected each, standard deviation 12; 60 is five of them.
    for (const [chain, c] of counts.entries()) assert.ok(Math.abs(c - 2000 / 13) < 60, `chain ${chain}: ${c} draws`);
  });

  test(`${task}: every chain of every length 1 … 9 can be drawn`, () => {
    const rng = rngSeeded(11);
    for (let n = 1; n <= 9; n++)
      for (let chain = 0; chain <= n; chain++)
        for (let k = 0; k < 20; k++) {
          const p = problemWithChain(task, n, chain, rng);
          assert.equal(longestCarryChain(p), chain, `${p} (length ${n})`);
        }
  });
}

test('copy has no carries, and a chain longer than the problem is refused', () => {
  const bad = (e: unknown): boolean => e instanceof LensError && e.code === 'bad-input';
  assert.throws(() => problemCarryHeavy('copy', 5, rngSeeded(1)), bad);
  assert.throws(() => problemWithChain('addition', 3, 4, rngSeeded(1)), bad);
});
