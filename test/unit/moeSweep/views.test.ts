import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headlineChecks } from '../../../src/core/analyses/moeSweep/headline';
import { readSweepModels } from '../../../src/core/analyses/moeSweep/table';
import { wilson } from '../../../src/core/analyses/moeSweep/wilson';
import { MoeSweepResultSchema, sweepLabel } from '../../../src/shared/moeSweep';
import { check } from '../../../src/shared/schema';
import { paramsText, pointTitle, reading } from '../../../webview/moeSweep/data';
import { VIEWS } from '../../../webview/views';
import { FIXTURES } from '../helpers';
import { join } from 'node:path';

const models = readSweepModels(join(FIXTURES, 'moeSweep'));

test('the view says what it shows with the numbers of the checks', () => {
  const r = { models, headline: headlineChecks(models, 'build') };
  assert.ok(check(MoeSweepResultSchema, r).ok);
  assert.equal(
    reading(r),
    'Memorization follows total parameters; reasoning follows width. Phone book: +35.0 points from E = 2 to 16. ' +
      'Paths: 8.0 points across E against 18.0 from dense 1× to 2×.',
  );
});

test('each point says what model it is, its sizes and its accuracy, live when measured', () => {
  const e4 = models.find((m) => m.name === 'moe-phonebook-e4');
  assert.ok(e4 !== undefined);
  assert.equal(
    pointTitle({ ...e4, live: wilson(5, 10) }),
    'moe-phonebook-e4: E = 4 experts, top-2; 3000 total, 2000 active parameters (2 layers, d_model 64, expert ' +
      'width 64); built: 42.0 % of 100 eval items; live: 50.0 % (95 % interval 23.7 % to 76.3 %, 5 of 10 items)',
  );
  assert.deepEqual(models.filter((m) => m.task === 'paths').map(sweepLabel), [
    'E = 1',
    'E = 2',
    'E = 4',
    'E = 8',
    'E = 16',
    'dense 1×',
    'dense 2×',
  ]);
});

test('parameter counts are short', () => {
  assert.deepEqual([950, 68032, 150_000, 1_234_567].map(paramsText), ['950', '68k', '150k', '1.2M']);
});

test('the view is registered with a body holding both tasks’ charts and the re-measure button', () => {
  const body = VIEWS.moeSweep.body;
  for (const id of ['phonebook-total', 'phonebook-active', 'paths-total', 'paths-active', 'remeasure', 'checks'])
    assert.match(body, new RegExp(`id="${id}"`));
});
