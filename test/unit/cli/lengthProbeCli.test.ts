/**
 * `model-lens length-probe` with the zoo's models (the built CLI): one curve per model of the task, the carry-chain
 * breakdown for arithmetic (its counts add up to every problem probed), carry-heavy draws, and clear refusals.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readManifest } from '../../../src/core/model/manifest';
import { check } from '../../../src/shared/schema';
import { LengthProbeResultSchema, type LengthProbeResult } from '../../../src/shared/lengthProbe';
import { cliRefuses, ensureBuilt, MODELS, runCli } from '../helpers';

before(ensureBuilt);

/** The LengthProbeResult printed by --json, checked by its schema (nothing beyond it). */
function probed(...args: string[]): LengthProbeResult {
  const r = runCli('length-probe', ...args, '--json');
  assert.equal(r.status, 0, r.stderr);
  const raw = JSON.parse(r.stdout) as unknown;
  const checked = check(LengthProbeResultSchema, raw);
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  assert.deepEqual(raw, checked.value, 'exactly the probe result');
  return checked.value;
}

const positions = (task: string): string[] =>
  ['ppc', 'coupled', 'absolute'].map((m) => `positions-${task}-${m}`).filter((n) => zoo.has(n));
const zoo = new Set(readManifest(MODELS).map((m) => m.name));

test('copy: one curve per positions model, no carry chains', () => {
  const out = probed('--task', 'copy', '--max-length', '3', '--samples', '4', '--seed', '2');
  assert.equal(out.task, 'copy');
  assert.equal(out.carryHeavy, false);
  assert.deepEqual(out.lengths, [1, 2, 3]);
  assert.deepEqual([out.samples, out.seed, out.trainMaxLength], [4, 2, 10]);
  assert.deepEqual(
    out.curves.map((c) => c.model),
    positions('copy'),
  );
  for (const c of out.curves) {
    assert.ok(c.accuracy.length === 3 && c.accuracy.every((a) => a !== null && a >= 0 && a <= 1));
    assert.equal(c.byChain, undefined);
  }
  const table = runCli('length-probe', '--task', 'copy', '--max-length', '2', '--samples', '2');
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^length {13}ppc {9}coupled {8}absolute/mu);
  assert.doesNotMatch(table.stdout, /carry chain/u);
});

test('addition --carry-heavy: the positions curves first, and chain counts that add up to every problem', () => {
  const out = probed('--task', 'addition', '--carry-heavy', '--max-length', '4', '--samples', '6', '--seed', '3');
  assert.equal(out.carryHeavy, true);
  assert.deepEqual(
    out.curves.slice(0, 3).map((c) => c.method),
    ['ppc', 'coupled', 'absolute'],
  );
  for (const c of out.curves) {
    const chains = c.byChain ?? [];
    assert.equal(
      chains.reduce((s, k) => s + k.problems, 0),
      24,
      c.model,
    );
    const right = c.accuracy.reduce<number>((s, a) => s + (a ?? 0) * 6, 0);
    assert.ok(Math.abs(chains.reduce((s, k) => s + k.correct, 0) - right) < 1e-9, c.model);
    assert.ok(chains.every((k) => k.chain <= 4));
  }
  const text = runCli('length-probe', '--task', 'addition', '--carry-heavy', '--max-length', '11', '--samples', '3');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /carry-heavy problems/u);
  assert.match(text.stdout, /^exact match by longest carry chain, over every length probed/mu);
  assert.match(text.stdout, /^ {5}0 +\S+% \(\d+\)/mu);
  // Past training (length 11 only: 3 problems), absolute positions get nothing right. Columns are 16 wide after
  // a 6-wide chain column, one per model in the header's order.
  const [head = '', ...rows] = (text.stdout.split('over only lengths longer than each model was trained on')[1] ?? '')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '');
  const column =
    head
      .slice(6)
      .match(/.{16}/gu)
      ?.findIndex((c) => c.trim() === 'absolute') ?? -1;
  const cells = rows.map((l) => l.slice(6 + 16 * column, 22 + 16 * column).trim());
  assert.ok(column >= 0 && cells.length > 0, head);
  assert.equal(
    cells.reduce((n, c) => n + Number(/\((\d+)\)$/u.exec(c)?.[1] ?? 0), 0),
    3,
    `the absolute column counts the 3 problems of length 11: ${JSON.stringify(cells)}`,
  );
  for (const c of cells) assert.match(c, /^(-|0\.0% \(\d+\))$/u);
});

test('multiplication: the curves of whichever multiplication models the zoo holds', () => {
  const names = [...zoo].filter((n) => n.includes('multiplication'));
  const args = ['--task', 'multiplication', '--max-length', '2', '--samples', '3'];
  if (names.length === 0) cliRefuses(['length-probe', ...args], /no model of multiplication/u);
  else
    assert.deepEqual(
      probed(...args)
        .curves.map((c) => c.model)
        .sort(),
      names.sort(),
    );
});

test('bad input is refused with exit 2 and one line', () => {
  cliRefuses(
    ['length-probe', '--task', 'copy', '--carry-heavy', '--max-length', '2'],
    /--carry-heavy is for addition/u,
  );
  cliRefuses(['length-probe', '--task', 'reverse'], /--task/u);
  cliRefuses(['length-probe', '--task', 'addition', '--max-length', '0'], /--max-length/u);
});
