/**
 * @file End-to-end test of "Model Lens: Memorization vs Reasoning" in a real VS Code (code-server): the panel draws
 * the zoo's phone-book and path models against total and active parameters (MoE dots labelled E = …, the dense 1×
 * and 2× marks), the legend and the headline checks; a sample of "ten" is refused beside the field; "Re-measure on
 * a sample" with 8 items per model draws a live point with its interval for every model. A screenshot at 800 px;
 * nothing wider than the panel. One server.
 * Run: `npm run build && node --test e2e/moeSweep.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import { normalise } from './rig.mjs';
import { assertNoCrash, panelWith, rigSession, shootAt800, waitFor } from './steps.mjs';

const COMMAND = 'Model Lens: Memorization vs Reasoning';
const TASKS = ['phonebook', 'paths'];

/** @type {import('./rig.mjs').Rig} */
let rig;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/moeSweep.js'];
const { lap, rigTest } = rigSession('moeSweep', needs, (r) => {
  rig = r;
});

/** Counts of each mark in the chart `id`. */
async function marks(frame, id) {
  const count = (sel) => frame.locator(`#${id} ${sel}`).count();
  return {
    moe: await count('circle.point.moe'),
    dense1: await count('path.point.dense-1'),
    dense2: await count('path.point.dense-2'),
    labels: await count('text.point-label'),
    live: await count('g.live-point'),
  };
}

rigTest('the panel draws both tasks, then re-measures every model live on a small sample', async () => {
  await rig.runCommand(COMMAND);
  const frame = await panelWith(rig, '#phonebook-total circle.point');
  const reading = normalise(await frame.locator('#reading').innerText());
  lap(`reading: ${reading}`);
  assert.match(reading, /^Memorization follows total parameters; reasoning follows width\./);
  const checks = (await frame.locator('#checks li').allInnerTexts()).map(normalise);
  lap(`checks: ${JSON.stringify(checks)}`);
  assert.match(checks[1] ?? '', /Phone book: .* at E = 2, .* at E = 16, a rise of/);
  assert.match(checks[2] ?? '', /Paths: accuracy from .* across E = .*dense 1× .*dense 2×/);
  assert.equal(await frame.locator('#legend li').count(), 3);
  const experts = new Map();
  for (const task of TASKS)
    for (const axis of ['total', 'active']) {
      const m = await marks(frame, `${task}-${axis}`);
      lap(`${task}-${axis}: ${JSON.stringify(m)}`);
      assert.ok(m.moe >= 2 && m.dense1 === 1 && m.dense2 === 1 && m.live === 0, `${task}-${axis}`);
      assert.equal(m.labels, m.moe + 2, 'a label per point');
      experts.set(task, m.moe);
    }
  const title = await frame.locator('#phonebook-total circle.point.moe title').first().textContent();
  assert.match(title ?? '', /^moe-phonebook-e\d+: E = \d+ experts, top-\d; .* total, .* active parameters/);
  assert.match(await frame.locator('#phonebook-total').innerHTML(), /E = 2<\/text>/);

  await frame.locator('#sample').fill('ten');
  await frame.locator('#remeasure').click();
  assert.match(normalise(await frame.locator('#form-problem').innerText()), /^Items per model: type a whole number/);
  await frame.locator('#sample').fill('8');
  await frame.locator('#remeasure').click();
  const total = experts.get('phonebook') + experts.get('paths') + 4;
  await waitFor(async () => (await frame.locator('#paths-active g.live-point').count()) === total / 2, 240_000, 'live');
  await waitFor(async () => /live sample/.test(await frame.locator('#checks').innerText()), 60_000, 'live checks');
  const summary = normalise(await frame.locator('#summary').innerText());
  lap(`summary: ${summary}`);
  assert.match(summary, new RegExp(`live on 8 items \\(${total} of ${total} models\\)`));
  const liveTitle = await frame.locator('#phonebook-total g.live-point title').first().textContent();
  assert.match(liveTitle ?? '', /live: \d+\.\d % \(95 % interval \d+\.\d % to \d+\.\d %, \d of 8 items\)/);
  assert.equal(await frame.locator('#legend li').count(), 4);
  const { shots } = await shootAt800(rig, {
    tab: 'Memorization vs Reasoning',
    frameSelector: '#paths-active g.live-point',
    prefix: 'moeSweep',
    sections: ['paths-section'],
  });
  lap(`screenshots ${shots.join(', ')}`);
  await assertNoCrash(rig);
});
