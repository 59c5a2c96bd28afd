import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headlineChecks } from '../../../src/core/analyses/moeSweep/headline';
import { readSweepModels } from '../../../src/core/analyses/moeSweep/table';
import { wilson } from '../../../src/shared/wilson';
import { MoeSweepResultSchema, parseSample, sweepLabel } from '../../../src/shared/moeSweep';
import { check } from '../../../src/shared/schema';
import { paramsText, pointTitle, reading } from '../../../webview/moeSweep/data';
import { placeLabels } from '../../../webview/moeSweep/labels';
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

test('point labels go right of their point, then left, above or below, and never overlap', () => {
  // Four points on one vertical line, 6 px apart (MoE models of equal active parameters and close accuracy).
  const points = [0, 6, 12, 18].map((d, i) => ({ x: 100, y: 100 + d, text: `E = ${2 ** (i + 1)}` }));
  const placed = placeLabels(points, 300, 200);
  assert.deepEqual(placed[0], { x: 108, y: 104, anchor: 'start' });
  assert.deepEqual(placed[1], { x: 92, y: 110, anchor: 'end' });
  const boxes = placed.map((p, i) => {
    const w = (points[i]?.text.length ?? 0) * 5.8;
    const x0 = p.anchor === 'start' ? p.x : p.anchor === 'end' ? p.x - w : p.x - w / 2;
    return { x0, x1: x0 + w, y0: p.y - 9, y1: p.y + 2 };
  });
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      assert.ok(!(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1), JSON.stringify([a, b]));
  // Near the right edge the first label goes left.
  assert.equal(placeLabels([{ x: 295, y: 50, text: 'E = 16' }], 300, 200)[0]?.anchor, 'end');
});

test('the sample size typed in the panel is checked', () => {
  assert.deepEqual(parseSample(' 50 '), { sample: 50 });
  assert.deepEqual(parseSample('20000'), { sample: 20000 });
  for (const bad of ['', '0', '2.5', '20001', 'ten'])
    assert.match(
      (parseSample(bad) as { problem: string }).problem,
      /^Items per model: type a whole number from 1 to 20000, not ".*"\.$/,
    );
});
