/**
 * @file End-to-end test of the optimizer lab's parity panels in a real VS Code (code-server): "Sparse Parity
 * Frontier" opens the form; a bad width is refused beside its field; a small grid (n = 10, k = 2) run through the
 * form fills the success heatmaps, then draws the luck curve, the top neurons' weights with S marked, the rewind
 * check and the accuracy curves; a huge grid is first estimated and asked about in a modal (answered Cancel, so
 * it never runs); "MLP vs Trees on Table…" on a CSV written into the workspace (label by quick pick) draws the
 * grouped bars and the table. Screenshots at 800 px; nothing wider than the panel. One server and one browser.
 * Run: `npm run build && node --test e2e/parity.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalise } from './rig.mjs';
import { assertNoCrash, panelWith, shootAt800, pickRow, quickPickTitled, rigSession, waitFor } from './steps.mjs';

const FRONTIER = 'Model Lens: Sparse Parity Frontier';
const TABLE = 'Model Lens: MLP vs Trees on Table…';

/** A table of `n` rows: four numeric columns and a label (three classes) that a tree and an MLP can learn. */
function tableCsv(n) {
  let seed = 424242;
  const u = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const lines = ['x1,x2,x3,noise,kind'];
  for (let i = 0; i < n; i++) {
    const [a, b, c, d] = [u(), u(), u(), u()].map((x) => Number((4 * x - 2).toFixed(3)));
    const kind = a + b > 0.6 ? 'high' : a - c < -0.4 ? 'low' : 'mid';
    lines.push(`${a},${b},${c},${d},${kind}`);
  }
  return `${lines.join('\n')}\n`;
}

/** @type {import('./rig.mjs').Rig} */
let rig;
let ran = false;
const needs = [
  'dist/extension.js',
  'dist/engine.js',
  'dist/parityWorker.js',
  'dist/webview/parity.js',
  'dist/webview/tabular.js',
];
const { lap, rigTest } = rigSession('parity', needs, (r) => {
  rig = r;
  const dir = path.join(r.workspace, 'parity');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'table.csv'), tableCsv(600));
  return '; a table written';
});

/** Types `values` ({name: text}) into the form's fields. */
async function fillForm(frame, values) {
  for (const [name, value] of Object.entries(values)) await frame.locator(`#form-${name}`).fill(value);
}

/** Screenshots of the panel titled `tab` at 800 px, one per section id; asserts nothing is wider than it. */
async function shoot(tab, frameSelector, prefix, sections) {
  const scrollBoxes = '.scroll-box, figure.heatmap';
  const { frame, shots } = await shootAt800(rig, { tab, frameSelector, prefix, sections, scrollBoxes });
  lap(`screenshots ${shots.join(', ')}`);
  return frame;
}

rigTest('the form refuses a bad width beside its field, then runs a small grid that fills the heatmaps', async () => {
  await rig.runCommand(FRONTIER);
  const frame = await panelWith(rig, '#grid-form');
  await fillForm(frame, { widths: '4, ten' });
  await waitFor(async () => frame.locator('#form-problem').isVisible(), 10_000, 'no problem shown');
  const problem = normalise(await frame.locator('#form-problem').innerText());
  lap(`problem: ${problem}`);
  assert.match(problem, /^Widths: type whole numbers .*"ten" is not one\.$/);
  assert.equal(await frame.locator('#form-widths').getAttribute('aria-invalid'), 'true');
  await fillForm(frame, { n: '10', k: '2', widths: '4, 256', samples: 'online', seeds: '2', steps: '4000' });
  assert.equal(await frame.locator('#form-problem').isVisible(), false);
  assert.equal(normalise(await frame.locator('#form-size').innerText()), '4 cells × 2 seeds = 8 networks');
  await frame.locator('#run-grid').click();
  // The estimate is an upper bound timed on a busy machine: it may ask first even for this grid; then say Run.
  const dialog = rig.page.locator('.monaco-dialog-box');
  const cellsShown = async () => (await frame.locator('.heat-cell').count()) === 4;
  await waitFor(async () => (await cellsShown()) || dialog.isVisible(), 120_000, 'the heatmap cells or a modal');
  if (!(await cellsShown()) && (await dialog.isVisible())) {
    lap(`asked first: ${normalise(await dialog.innerText())}`);
    await dialog.locator('.monaco-button', { hasText: /^Run$/ }).click();
  }
  await waitFor(cellsShown, 120_000, 'the heatmap cells');
  await waitFor(async () => (await frame.locator('.heat-cell.done').count()) === 4, 240_000, 'every cell done');
  await waitFor(async () => /^Done/.test(await frame.locator('#reading').innerText()), 240_000, 'the grid to end');
  const reading = normalise(await frame.locator('#reading').innerText());
  const cells = await frame.locator('.heat-cell.done text').allTextContents();
  lap(`reading: ${reading}; cells ${JSON.stringify(cells)}`);
  assert.match(reading, /The relevant bits are x\d+, x\d+\./);
  assert.equal(await frame.locator('figure.heatmap').count(), 2, 'a heatmap per init');
  assert.ok((await frame.locator('#luck-chart circle.luck-point').count()) >= 2, 'luck points');
  assert.ok((await frame.locator('#neurons-chart .neuron-row').count()) >= 1, 'neuron rows');
  assert.equal(await frame.locator('#neurons-chart .support-mark').count(), 2, 'S marked: k = 2 columns');
  assert.ok((await frame.locator('#curves-chart path.test-line').count()) === 1, 'a test curve');
  const rewind = await frame.locator('#rewind-section').isVisible();
  lap(`rewind shown: ${rewind} ${rewind ? normalise(await frame.locator('#rewind-note').innerText()) : ''}`);
  for (const t of await frame.locator('.heat-cell title').allTextContents()) assert.match(t, /runs learned the rule/);
  await assertNoCrash(rig);
  ran = true;
});

rigTest('the frontier panel at 800 px', async (t) => {
  if (!ran) return t.skip('no grid');
  await shoot('Sparse Parity Frontier', '.heat-cell.done', 'parity', [
    'heatmap-section',
    'luck-section',
    'neurons-section',
    'curves-section',
  ]);
});

rigTest('a huge grid is estimated and asked about in a modal; Cancel runs nothing', async () => {
  const frame = await panelWith(rig, '#grid-form');
  await fillForm(frame, { n: '200', k: '4', widths: '10000, 30000, 100000', samples: 'online', seeds: '200' });
  await fillForm(frame, { steps: '1000000' });
  await frame.locator('#run-grid').click();
  const dialog = rig.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 180_000 });
  const text = normalise(await dialog.innerText());
  lap(`modal: ${text}`);
  assert.match(text, /This grid trains 1,200 networks \(6 cells × 200 seeds, up to 1,000,000 steps each\)/);
  await rig.screenshot('parity-modal');
  await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
  await waitFor(async () => /not run/.test(await frame.locator('#status').innerText()), 30_000, 'the not-run status');
  assert.equal(await frame.locator('.heat-cell.pending').count(), 0, 'the huge grid started');
  await assertNoCrash(rig);
});

rigTest('MLP vs Trees on the open table: label by quick pick, bars and table of three methods', async () => {
  await rig.openFile('parity/table.csv');
  await rig.runCommand(TABLE);
  await pickRow(rig, await quickPickTitled(rig, /which table/), /The open table parity\/table\.csv/);
  await pickRow(rig, await quickPickTitled(rig, /which column is the label/), /^kind$/);
  const frame = await panelWith(rig, '#scores-table tbody tr', 240_000);
  const rows = await Promise.all(
    (await frame.locator('#scores-table tbody tr').all()).map(async (r) =>
      (await r.locator('td').allInnerTexts()).map(normalise),
    ),
  );
  lap(`table: ${JSON.stringify(rows)}; ${normalise(await frame.locator('#reading').innerText())}`);
  assert.deepEqual(
    rows.map((r) => r[0]),
    ['Wide sparse MLP', 'Decision tree (CART)', 'Boosted trees', 'Most common class'],
  );
  assert.equal(await frame.locator('#bars-chart rect.score-bar').count(), 9, 'three methods × three fractions');
  assert.match(normalise(await frame.locator('#summary').innerText()), /^MLP vs trees on table\.csv: predicting kind/);
  await shoot('MLP vs Trees', '#scores-table tbody tr', 'tabular', []);
  await assertNoCrash(rig);
});
