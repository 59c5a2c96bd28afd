/**
 * @file End-to-end test of the copy and lookup probe in a real VS Code (code-server): "Copy & Lookup Probe" on a
 * settings file (test/fixtures/settings.ts), through its three questions (the selected model, lengths typed, copy
 * and lookup), must show string accuracy per length, the surprisal of the first and second copy, the lookup table
 * and the tasks; a task's "Show where it reads from" opens the task as text and draws Show Token Dependencies'
 * target box there. Screenshots at 800 px; nothing wider than the panel. One server and one browser for the file.
 * Run: `npm run build && node --test e2e/copying.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import { normalise } from './rig.mjs';
import { assertNoCrash, panelWith, pickRow, quickPickTitled, rigSession, shootAt800, waitFor } from './steps.mjs';

const PROBE = 'Model Lens: Copy & Lookup Probe';
const TARGET_BORDER = '2px solid rgb(0, 140, 255)';

/** @type {import('./rig.mjs').Rig} */
let rig;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/copying.js', 'dist/webview/copying.css'];
const { lap, rigTest } = rigSession('copying', needs, (r) => {
  rig = r;
});

const cells = async (frame, selector) =>
  Promise.all(
    (await frame.locator(`${selector} tbody tr`).all()).map(async (r) =>
      (await r.locator('td').allInnerTexts()).map(normalise),
    ),
  );

rigTest('the probe on a settings file: accuracy, surprisal, lookup, tasks; dependencies of a task', async () => {
  await rig.openFile('settings.ts');
  await rig.runCommand(PROBE);
  const models = await quickPickTitled(rig, /models to compare/);
  assert.match(normalise(await models.locator('.quick-input-list').innerText()), /lens-lm/);
  await rig.page.keyboard.press('Enter');
  const lengths = await waitFor(
    async () => ((await rig.quickInput().locator('.quick-input-title').innerText()).includes('span lengths') ? 1 : 0),
    15_000,
    'no lengths box',
  );
  assert.ok(lengths);
  await rig.quickInput().locator('input').fill('4, 8, 16');
  await rig.page.keyboard.press('Enter');
  await pickRow(rig, await quickPickTitled(rig, /tasks/), /^Copy and lookup$/);
  const frame = await panelWith(rig, '#tasks-table tbody tr', 180_000);
  const summary = normalise(await frame.locator('#summary').innerText());
  lap(`panel: ${summary}`);
  assert.match(summary, /Copy & Lookup Probe of settings\.ts: lens-lm/);
  assert.equal(await frame.locator('#accuracy-chart circle').count(), 3);
  assert.equal(await frame.locator('#surprisal-chart .first-dots circle').count(), 3);
  assert.match(normalise(await frame.locator('#accuracy-chart').innerHTML()), /Span length \(tokens\)/);
  const lookup = await cells(frame, '#lookup-table');
  lap(`lookup: ${JSON.stringify(lookup)}`);
  assert.equal(lookup.length, 1);
  assert.equal(lookup[0][4], '8', 'eight name: value pairs found');
  const tasks = await cells(frame, '#tasks-table');
  lap(`tasks: ${tasks.length}, first ${JSON.stringify(tasks[0])}`);
  assert.ok(tasks.length >= 3);
  await shootAt800(rig, {
    tab: 'Copy & Lookup Probe',
    frameSelector: '#tasks-table',
    prefix: 'copying',
    sections: ['surprisal-section', 'tasks-section'],
  });

  await frame.locator('#tasks-table button.show-deps').first().click();
  await rig.page
    .locator('.editor-group-container .tab', { hasText: /Untitled/ })
    .first()
    .waitFor({ timeout: 30_000 });
  await waitFor(
    async () => {
      await assertNoCrash(rig);
      const borders = await rig.extensionDecorations().evaluateAll((els) =>
        els.map((e) => {
          const cs = getComputedStyle(e);
          return `${cs.borderTopWidth} ${cs.borderTopStyle} ${cs.borderTopColor}`;
        }),
      );
      return borders.includes(TARGET_BORDER);
    },
    180_000,
    'no dependency target box in the task opened as text',
  );
  lap('dependencies shown in the untitled task');
});
