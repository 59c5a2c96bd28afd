/**
 * @file End-to-end test of decision-tree LMs on a BPE model's hidden states in a real VS Code (code-server), with
 * `modelLens.trees.features` = `hidden` and `modelLens.trees.featureModel` = `lens-gpt2`: training on the current
 * file works, and the trace at a cursor in sample.ts draws a tree whose path tests lens-gpt2 hidden-state dimensions.
 * One server and one browser for the file. Run: `npm run build && node --test e2e/treesBpe.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import { normalise } from './rig.mjs';
import { assertNoCrash, rigSession, waitFor, waitForNote } from './steps.mjs';

/** @type {import('./rig.mjs').Rig} */
let rig;
let trained = false;
const needs = [
  'dist/extension.js',
  'dist/engine.js',
  'dist/webview/trees.js',
  'media/models/lens-gpt2/onnx/model.onnx',
];
const { lap, rigTest } = rigSession('trees-bpe', needs, (r) => void (rig = r), {
  settings: { 'modelLens.trees.features': 'hidden', 'modelLens.trees.featureModel': 'lens-gpt2' },
});

rigTest('train on lens-gpt2 hidden states through the quick pick', async () => {
  await rig.openFile('sample.ts');
  await rig.runCommand('Model Lens: Train Decision-Tree LM');
  const row = rig
    .quickInput()
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: rig.page.locator('.label-name', { hasText: /^\s*Current file\s*$/ }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  const note = await waitForNote(rig, /^Model Lens: trained a cart tree LM on/, 120_000);
  lap(`"${note}"`);
  await rig.clearNotifications();
  trained = true;
});

rigTest('the trace names lens-gpt2 hidden states and draws the tree', async (t) => {
  if (!trained) return t.skip('no model: training failed');
  await rig.openFile('sample.ts');
  await rig.goToLine(16, 8);
  await rig.runCommand('Model Lens: Trace Prediction at Cursor');
  const frame = rig.webviewPanelFrame();
  let text = '';
  await waitFor(
    async () => /replay/.test((text = normalise(await frame.locator('#summary').textContent({ timeout: 2_000 })))),
    60_000,
    () => `no trace (last summary: "${text}")`,
  );
  lap(`summary: "${text}"`);
  const steps = (await frame.locator('ol#path-steps li.path-step').allInnerTexts()).map(normalise);
  const dense = steps.filter((s) =>
    /^lens-gpt2 hidden state, dimension \d+ ≤ -?[\d.]+ — value -?[\d.]+ → (yes|no)$/.test(s),
  );
  lap(`${steps.length} path steps, ${dense.length} on lens-gpt2 hidden states, e.g. "${dense[0]}"`);
  assert.ok(dense.length > 0, `no path step tests a lens-gpt2 hidden state: ${JSON.stringify(steps)}`);
  assert.ok((await frame.locator('svg.tree-diagram').count()) > 0, 'no tree drawn');
  await assertNoCrash(rig);
  await rig.screenshot('trees-bpe-trace');
});
