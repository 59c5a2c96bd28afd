import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { MoeSweepResultSchema } from '../../../src/shared/moeSweep';
import { check } from '../../../src/shared/schema';
import { readSweepModels } from '../../../src/core/analyses/moeSweep/table';
import { cliRefuses, ensureBuilt, FIXTURES, MODELS, runCli } from '../helpers';

before(() => {
  ensureBuilt();
  // The CLI reads the fixture zoo (sizes and build-time accuracies only; no model runs without --live).
  process.env['MODEL_LENS_MODELS'] = join(FIXTURES, 'moeSweep');
});

test('moe sweep --json prints the table and the headline checks', () => {
  const r = runCli('moe', 'sweep', '--json');
  assert.equal(r.status, 0, r.stderr);
  const parsed = check(MoeSweepResultSchema, JSON.parse(r.stdout));
  assert.ok(parsed.ok);
  assert.equal(parsed.value.models.length, 14);
  assert.equal(parsed.value.headline.phonebookRise.holds, true);
  assert.equal(parsed.value.live, undefined);
});

test('moe sweep prints a table per task and the checks as text', () => {
  const r = runCli('moe', 'sweep');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Phone book \(memorization\)\n/);
  assert.match(r.stdout, /moe-phonebook-e16 +E = 16 \(top-2\) +9000 +2000 +65\.0%/);
  assert.match(r.stdout, /moe-paths-dense2x +dense 2× +2000 +2000 +70\.0%/);
  assert.match(r.stdout, /a rise of 35\.0 points \(at least 30\)/);
});

test('moe sweep refuses bad options with exit 2 and one line', () => {
  cliRefuses(['moe', 'sweep', '--sample', '0'], /--sample must be an integer from 1 to 20000, not "0"/);
  cliRefuses(['moe', 'sweep', '--seed', 'x'], /--seed must be an integer/);
  cliRefuses(['moe', 'sweep', '--live'], /The phonebook eval set .*phonebook\.json is missing\. Rebuild it/);
});

test('moe sweep --live scores every zoo model on the sample', (t) => {
  const zoo = readSweepModels(MODELS);
  if (zoo.length === 0) return t.skip('the zoo has no MoE phone-book or path models yet');
  const fixture = process.env['MODEL_LENS_MODELS'];
  delete process.env['MODEL_LENS_MODELS'];
  try {
    const r = runCli('moe', 'sweep', '--live', '--sample', '4', '--seed', '3', '--json');
    assert.equal(r.status, 0, r.stderr);
    const parsed = check(MoeSweepResultSchema, JSON.parse(r.stdout));
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.value.models.map((m) => [m.name, m.live?.items]),
      zoo.map((m) => [m.name, Math.min(4, m.evalItems)]),
    );
    assert.equal(parsed.value.live?.headline?.from, 'live');
  } finally {
    process.env['MODEL_LENS_MODELS'] = fixture;
  }
});
