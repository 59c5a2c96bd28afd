/**
 * @file End-to-end test of the positions toolkit in a real VS Code (code-server 4.100.3): "Show
 * Position IDs" on the problem `48213+9077=` of problems.txt (cursor on its line): the panel's
 * tokens and rule IDs against the hand-worked coupling rule, the PPC model's predicted IDs and
 * answer, the attention of an answer token, click-to-reveal; a line that is no problem gets a
 * message naming the forms; then the "Length Generalization Probe" draws a curve per method. The panel
 * (webview view type `modelLens.positions`) shows both request kinds, `positions` and `lengthProbe`.
 * Run: `sh e2e/vscode-rig/setup.sh && node --test e2e/` (after `npm run build`).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { normalise } from './rig.mjs';
import { assertNoCrash, editorTab, rigSession, sha256, stableCount, waitFor } from './steps.mjs';

const SHOW = 'Model Lens: Show Position IDs';
const PROBE = 'Model Lens: Length Generalization Probe';
const FILE = 'problems.txt';
/**
 * Hand-worked coupling of 48213+9077= at offset 0 (Cho et al.): L = 5, e = 6; the shorter operand
 * is zero-padded to 09077 (the addition models were trained so); the digit of significance i of
 * each operand and of the answer gets e − 1 − i, '+' and '=' get e; the answer 57290 is written
 * least-significant digit first and zero-padded to L + 1 digits: 092750.
 */
const TOKENS = [...'48213+09077=092750'];
const RULE_IDS = [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 0];
const ANSWER_START = 12;
/** @type {import('./rig.mjs').Rig} */
let rig;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/positions.js'];
const { lap, rigTest } = rigSession('positions', needs, (r) => void (rig = r));

/** The cells of one row (by its header) of the token table. */
async function tableRow(frame, header) {
  const row = frame.locator('#ids tr', { has: frame.locator('th', { hasText: new RegExp(`^${header}$`) }) });
  return row.locator('td').allTextContents();
}

rigTest('Show Position IDs on 48213+9077=: rule IDs, PPC predictions, answer, attention, reveal', async () => {
  const file = path.join(rig.workspace, FILE);
  const before = sha256(file);
  await rig.openFile(FILE);
  await rig.goToLine(1, 1);
  await rig.runCommand(SHOW);
  const tab = editorTab(rig, 'Position IDs');
  await tab.first().waitFor({ timeout: 60_000 });
  const frame = rig.webviewPanelFrame();
  let summary = '';
  await waitFor(
    async () => {
      summary = normalise(
        await frame
          .locator('#summary')
          .textContent({ timeout: 2_000 })
          .catch(() => ''),
      );
      return /positions-addition-ppc/.test(summary);
    },
    60_000,
    () => `summary never named the model: "${summary}"`,
  );
  lap(`summary: ${summary}`);
  assert.match(
    summary,
    /^48213\+9077= · addition · positions-addition-ppc \(ppc\): answer 092750 vs expected 092750 ✓ correct$/u,
  );
  assert.deepEqual(await tableRow(frame, 'Token'), TOKENS);
  assert.deepEqual((await tableRow(frame, 'Rule ID')).map(Number), RULE_IDS);
  const fed = (await tableRow(frame, 'ID fed')).map(Number);
  assert.deepEqual(fed, RULE_IDS, 'PPC fed its own predicted IDs; within training lengths they equal the rule');
  const predicted = await tableRow(frame, 'Predicted ID');
  assert.deepEqual(predicted.slice(ANSWER_START).map(Number), RULE_IDS.slice(ANSWER_START));
  assert.ok(
    predicted.slice(0, ANSWER_START).every((c) => c === ''),
    'no predicted IDs for the prompt',
  );
  const added = await frame
    .locator('#ids tr td.token.added')
    .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-index'))));
  assert.deepEqual(added, [6], 'only the padding zero is marked as added by the rule');
  assert.equal(await frame.locator('#ids td.mismatch').count(), 0);
  assert.match(
    normalise(await frame.locator('#ids-note').innerText()),
    /Fed IDs equal the rule's on 6 of 6 answer tokens/u,
  );
  // The view is mounted by mountView: its toolbar offers the exports of the shown result.
  const exports = await frame
    .locator('#toolbar button.export:not([disabled])')
    .evaluateAll((bs) => bs.map((b) => b.id));
  assert.deepEqual(exports, ['export-svg', 'export-png', 'export-json']);

  // Attention of the token before the third answer digit (it predicts the digit with ID 3).
  await frame.locator('#ids tr td.token[data-index="13"]').click();
  const note = normalise(await frame.locator('#attention-note').innerText());
  assert.match(
    note,
    new RegExp(
      '^Token 13 "9" \\(rule ID 4, it predicts the next token\\): [\\d.]+% of its attention ' +
        'is on the tokens that share its rule ID',
      'u',
    ),
  );
  assert.equal(await frame.locator('#attention g.att-bar').count(), 14, 'one bar per token up to the chosen one');
  assert.equal(await frame.locator('#attention g.att-bar.same-id').count(), 2, 'the two operand digits with ID 4');

  // A prompt token reveals its character in the editor: the "9" at columns 7–8 is selected (cursor at its end).
  await frame.locator('#ids tr td.token[data-index="7"]').click();
  await waitFor(
    async () => /Ln 1, Col 8 \(1 selected\)/.test(await rig.cursorStatus()),
    15_000,
    async () => `cursor: ${await rig.cursorStatus()}`,
  );
  assert.equal(sha256(file), before, `${FILE} changed`);
  await assertNoCrash(rig);
});

rigTest('a line that is no problem gets a message naming the forms', async () => {
  await rig.openFile(FILE);
  await rig.goToLine(3, 1);
  await rig.runCommand(SHOW);
  await rig.waitForNotification(
    /"hello world" is not a problem Model Lens knows\. Select an addition like 48213\+9077=/u,
    { timeout: 30_000 },
  );
  await assertNoCrash(rig);
  await rig.clearNotifications();
});

rigTest('Length Generalization Probe draws PPC, oracle and absolute curves', async () => {
  await rig.runCommand(PROBE);
  const qi = rig.quickInput();
  const row = qi
    .locator('.quick-input-list .monaco-list-row', {
      has: rig.page.locator('.label-name', { hasText: /^\s*addition\s*$/ }),
    })
    .first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  for (const value of ['30', '8']) {
    const input = qi.locator('input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(value);
    await input.press('Enter');
  }
  const frame = rig.webviewPanelFrame();
  await frame.locator('#probe-section:not([hidden])').waitFor({ timeout: 200_000 });
  await stableCount(frame.locator('#probe g.curve'), { min: 3, timeout: 10_000 });
  const methods = await frame
    .locator('#probe g.curve')
    .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-method')));
  assert.deepEqual(methods, ['ppc', 'coupled', 'absolute']);
  const rows = await frame
    .locator('#probe-table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent ?? '')));
  lap(`probe table: ${JSON.stringify(rows)}`);
  const head = await frame.locator('#probe-table thead th').allTextContents();
  assert.deepEqual(head, ['Method', 'length 1', 'length 10', 'length 15', 'length 20', 'length 30']);
  const pct = (r, i) => Number((r[i] ?? '').replace('%', ''));
  const [ppc, , absolute] = rows;
  assert.ok(pct(ppc, 2) >= 87.5, `PPC within the training length: ${ppc[2]}`);
  assert.ok(pct(ppc, 4) > pct(absolute, 4), `at 2× PPC ${ppc[4]} should beat absolute positions ${absolute[4]}`);
  assert.equal(await frame.locator('#probe g.curve-0 circle').count(), 30);
  await assertNoCrash(rig);
});
