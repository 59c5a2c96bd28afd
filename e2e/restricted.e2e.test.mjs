/**
 * @file End-to-end test of Model Lens in a restricted (untrusted) workspace, in a real VS Code (code-server) with
 * workspace trust on and the folder not trusted: the inspector still reads a workspace model's headers, but its
 * Analyse buttons are off with the reason as their tooltip, and clicking one runs nothing; surprisal still runs on
 * the embedded model, which does not come from the workspace.
 * One server and one browser for the file. Run: `npm run build && node --test e2e/restricted.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalise, sleep } from './rig.mjs';
import { assertNoCrash, FIXTURES, panelWith, rigSession, waitFor } from './steps.mjs';

const LENS = path.join(path.dirname(FIXTURES), '..', 'media', 'models', 'lens-lm');
const SOURCE = 'def area(radius):\n    return 3.14159 * radius * radius\n';

/** @type {import('./rig.mjs').Rig} */
let rig;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/inspect.js', 'dist/webview/surprisal.js'];
const { lap, rigTest } = rigSession(
  'restricted',
  needs,
  (r) => {
    rig = r;
    const dir = path.join(r.workspace, 'inspect', 'lens');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(LENS, 'onnx', 'model.onnx'), path.join(dir, 'model.onnx'));
    fs.copyFileSync(path.join(LENS, 'tokenizer.json'), path.join(dir, 'tokenizer.json'));
    fs.writeFileSync(path.join(r.workspace, 'inspect', 'area.py'), SOURCE);
    return '; a workspace model and a Python file written';
  },
  {
    workspaceTrust: true,
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'always',
    },
  },
);

rigTest('the workspace is restricted: VS Code says so', async () => {
  const banner = rig.page.locator('.monaco-workbench', { hasText: /Restricted Mode/ });
  await waitFor(async () => (await banner.count()) > 0, 30_000, 'VS Code to show Restricted Mode');
  lap('Restricted Mode shown');
});

rigTest('the inspector reads a workspace model; its Analyse buttons are off, with the reason', async () => {
  await rig.openFile('inspect/area.py');
  await rig.quickOpen('inspect/lens/model.onnx');
  const frame = await panelWith(rig, 'h1#summary:has-text("model.onnx:")', 90_000);
  lap(normalise(await frame.locator('#summary').innerText()));
  assert.match(await frame.locator('#exposed').innerText(), /logits yes/);
  const buttons = frame.locator('#routes button');
  await waitFor(async () => (await buttons.count()) === 2, 20_000, 'the Analyse buttons');
  for (const b of await buttons.all()) {
    assert.ok(await b.isDisabled(), `${await b.innerText()} is enabled in a restricted workspace`);
    assert.match((await b.getAttribute('title')) ?? '', /restricted mode.*loads no model from the workspace/);
  }
  await buttons.first().click({ force: true });
  await sleep(3_000);
  assert.equal(await rig.extensionDecorations().count(), 0, 'a disabled button ran an analysis');
  await assertNoCrash(rig);
});

rigTest('surprisal runs on the embedded model in a restricted workspace', async () => {
  await rig.openFile('inspect/area.py');
  await rig.runCommand('Model Lens: Analyse Surprisal of Current File');
  await waitFor(async () => (await rig.extensionDecorations().count()) > 0, 120_000, 'surprisal colours in area.py');
  lap(`${await rig.extensionDecorations().count()} decorations`);
  await assertNoCrash(rig);
});
