/**
 * @file End-to-end test of the scaling toolkit in a real VS Code (code-server): the shipped sweep
 * (media/scaling-sweep, copied into the workspace) is opened, "Fit Scaling Laws…" runs on its run log (runs.csv)
 * through the column-mapping quick pick, and the panel must show each dataset's law, both held-out predictions
 * (its own law and the loss-to-loss law) with their errors, the loss-to-loss scatter with its band, N*(C) and the
 * parameters; "Translate Law…" adds the translated law. Screenshots of the panel at 800 px (top, loss-to-loss,
 * parameters); nothing wider than the panel; nothing written into the sweep's folder.
 * One server and one browser for the file. Run: `npm run build && node --test e2e/scaling.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXTENSION_DIR, normalise, sleep } from './rig.mjs';
import {
  assertNoCrash,
  editorTab,
  hashTree,
  panelWith,
  pastRightEdge,
  pickRow,
  quickPickTitled,
  rigSession,
  waitFor,
} from './steps.mjs';

const FIT = 'Model Lens: Fit Scaling Laws…';
const TRANSLATE = 'Model Lens: Translate Law…';
const SWEEP = 'scaling-sweep';

/** @type {import('./rig.mjs').Rig} */
let rig;
let fitted = false;
let before = {};
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/scaling.js', `media/${SWEEP}/runs.csv`];
const { lap, rigTest } = rigSession('scaling', needs, (r) => {
  rig = r;
  fs.cpSync(path.join(EXTENSION_DIR, 'media', SWEEP), path.join(r.workspace, SWEEP), { recursive: true });
  before = hashTree(path.join(r.workspace, SWEEP));
  return `; the sweep copied (${Object.keys(before).length} files)`;
});

const cells = async (rows) =>
  Promise.all((await rows.all()).map(async (r) => (await r.locator('td').allInnerTexts()).map(normalise)));

rigTest('fit the shipped sweep: mapping quick pick, then the panel with both held-out predictions', async () => {
  await rig.openFile(`${SWEEP}/runs.csv`);
  await rig.runCommand(FIT);
  const qi = await quickPickTitled(rig, /which column is what/, 60_000);
  const labels = (await qi.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map(normalise);
  lap(`mapping pick: ${JSON.stringify(labels)}`);
  for (const want of ['Run: run', 'Dataset: dataset', 'Parameters N: N', 'Tokens D: D', 'Compute C: C']) {
    assert.ok(labels.includes(want), `mapping pick lacks "${want}": ${JSON.stringify(labels)}`);
  }
  assert.ok(
    labels.some((l) => /^Losses: .*eval_code.*eval_prose/.test(l)),
    'losses not guessed',
  );
  await pickRow(rig, qi, /Fit with this mapping/);

  const frame = await panelWith(rig, '#heldout-table tbody tr', 180_000);
  const summary = frame.locator('#summary');
  await waitFor(async () => /^Scaling laws of runs\.csv/.test(normalise(await summary.innerText())), 60_000, 'summary');
  lap(`panel: "${normalise(await summary.innerText())}"`);
  // The l2l fit arrives after the per-dataset fits: wait for its row in the held-out table.
  const rows = frame.locator('#heldout-table tbody tr');
  await waitFor(async () => (await rows.count()) === 3, 120_000, 'three held-out rows (code, prose, prose by l2l)');
  const table = await cells(rows);
  lap(`held-out table: ${JSON.stringify(table)}`);
  assert.deepEqual(
    table.map((r) => r[0]),
    ['code', 'prose', 'prose'],
  );
  assert.match(table[2][2], /^loss-to-loss from code/);
  for (const r of table) assert.match(r[5], /^[+-]?\d+\.\d%$/, `no relative error in ${JSON.stringify(r)}`);
  assert.ok((await frame.locator('#runs-chart circle.run').count()) >= 20, 'runs not drawn');
  assert.ok((await frame.locator('#runs-chart path.law-line').count()) >= 4, 'laws not drawn');
  assert.equal(await frame.locator('#runs-chart .prediction').count(), 3, 'three predictions on the runs chart');
  assert.equal(await frame.locator('#l2l-chart path.band').count(), 1, 'no loss-to-loss band');
  assert.ok((await frame.locator('#l2l-chart circle.run').count()) >= 8, 'loss-to-loss pairs not drawn');
  assert.equal(await frame.locator('#optimal-chart path.law-line').count(), 2, 'N*(C) of both laws');
  const params = await cells(frame.locator('#params-table tbody tr'));
  lap(`parameters: ${JSON.stringify(params)}`);
  assert.equal(params.length, 2);
  assert.match((await cells(frame.locator('#l2l-table tbody tr')))[0][1], /^\d/, 'no κ');
  await assertNoCrash(rig);
  fitted = true;
});

rigTest('the panel at 800 px: screenshots, nothing wider than the panel', async (t) => {
  if (!fitted) return t.skip('no fit');
  // The panel alone in the window, as someone reading it would have it: no side bar, no CSV beside it.
  await editorTab(rig, 'Scaling Laws').first().click();
  await rig.runCommand('View: Close Editors in Other Groups');
  await rig.runCommand('View: Close Primary Side Bar');
  await rig.page.setViewportSize({ width: 800, height: 900 });
  await sleep(1_500);
  const frame = await panelWith(rig, '#heldout-table tbody tr');
  const shots = [await rig.screenshot('scaling-panel-800')];
  for (const [id, name] of [
    ['#heldout-section', 'heldout'],
    ['#l2l-section', 'l2l'],
    ['#params-section', 'params'],
  ]) {
    await frame.locator(id).scrollIntoViewIfNeeded();
    await sleep(500);
    shots.push(await rig.screenshot(`scaling-panel-800-${name}`));
  }
  const over = (await pastRightEdge(frame, { scrollBoxes: '.scroll-box' })).out;
  lap(`screenshots ${shots.join(', ')}; overflowing: ${JSON.stringify(over)}`);
  assert.deepEqual(over, [], 'elements wider than the panel at 800 px');
  await rig.page.setViewportSize({ width: 1400, height: 900 });
});

rigTest('translate the code law to prose through the loss-to-loss fit; the sweep folder is untouched', async (t) => {
  if (!fitted) return t.skip('no fit');
  await rig.runCommand(TRANSLATE);
  await pickRow(rig, await quickPickTitled(rig, /Translate Law \(1\/3\)/), /^\s*code\s*$/);
  await pickRow(rig, await quickPickTitled(rig, /Translate Law \(2\/3\)/), /code → prose/);
  // A few runs of prose: the smaller-compute half starts picked; accept it.
  await quickPickTitled(rig, /Translate Law \(3\/3\)/);
  await rig.page.keyboard.press('Enter');
  const frame = await panelWith(rig, '#params-table td.translated', 60_000);
  const row = await cells(frame.locator('#params-table tbody tr:has(td.translated)'));
  lap(`translated: ${JSON.stringify(row)}`);
  assert.match(row[0][0], /^prose: code’s law translated \(κ, K and E₁ from 8 runs of prose/);
  assert.match(row[0][6], /^-?\d/, 'no R² of the translated law on the prose runs');
  assert.ok((await frame.locator('#runs-chart path.translated').count()) > 0, 'translated law not drawn');
  assert.deepEqual(hashTree(path.join(rig.workspace, SWEEP)), before, 'the sweep folder changed');
  await assertNoCrash(rig);
});
