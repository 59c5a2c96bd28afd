/**
 * @file End-to-end test of the BPE zoo models in a real VS Code (code-server 4.100.3), with the setting
 * `modelLens.model` = `lens-llama` (a Llama-layout Optimum export with GPT-2's tokenizer): surprisal of sample.ts (the
 * side panel's bits per byte equal to the CLI's on the same model, tokens coloured in the editor), the token
 * dependencies at sample.ts 39:25 (attention read through graph surgery, and ablation), and the attention-sparsity
 * map with the model's 2 layers × 4 heads, shot at 800 px; the side panel says attention came from graph surgery.
 * Run: `sh e2e/vscode-rig/setup.sh && node --test e2e/bpeModels.e2e.test.mjs` (after `npm run build`).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EXTENSION_DIR, normalise } from './rig.mjs';
import { assertNoCrash, editorTab, panelWith, rigSession, sha256, shootAt800, stableCount, waitFor } from './steps.mjs';

const MODEL = 'lens-llama';
const SURPRISAL = 'Model Lens: Analyse Surprisal of Current File';
const DEPENDENCIES = 'Model Lens: Show Token Dependencies';
const SPARSITY = 'Model Lens: Show Attention-Sparsity Map';
const TARGET_BORDER = '2px solid rgb(0, 140, 255)';
const BLUE_OUTLINE = /^1px solid rgba?\(0, 140, 255(?:, 0\.\d+)?\)$/;

/** @type {import('./rig.mjs').Rig} */
let rig;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/cli.js', 'dist/webview/dependencies.js'];
const { lap, rigTest } = rigSession('bpeModels', needs, (r) => void (rig = r), {
  settings: { 'modelLens.model': MODEL },
});

/** The CLI's surprisal of `file` with the BPE model. */
async function cli(file) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(EXTENSION_DIR, 'dist', 'cli.js'), 'surprisal', file, '--model', MODEL, '--json'],
    { cwd: EXTENSION_DIR, maxBuffer: 64 << 20, timeout: 120_000 },
  );
  return JSON.parse(stdout);
}

/** Border styles of every extension decoration on screen. */
const borders = () =>
  rig
    .extensionDecorations()
    .evaluateAll((els) =>
      els.map((e) => `${getComputedStyle(e).borderTopWidth} solid ${getComputedStyle(e).borderTopColor}`),
    );

rigTest(`surprisal and token dependencies of sample.ts with ${MODEL}: panel = CLI, marks, map at 800 px`, async () => {
  const file = path.join(rig.workspace, 'sample.ts');
  const digest = sha256(file);
  await rig.openFile('sample.ts');
  await rig.runCommand(SURPRISAL);
  const summary = rig.webviewFrame().locator('#summary');
  let text = '';
  await waitFor(
    async () => {
      await assertNoCrash(rig);
      text = normalise(await summary.textContent({ timeout: 2_000 }).catch(() => ''));
      return /\d\.\d{3} bits\/byte/.test(text);
    },
    180_000,
    () => `the side panel never showed bits/byte (last: "${text}")`,
  );
  lap(`panel: "${text}"`);
  const status = normalise(await rig.page.locator('.statusbar-item', { hasText: MODEL }).first().textContent());
  assert.match(status, new RegExp(`${MODEL} · cpu`), `status bar: "${status}"`);
  const out = await cli(file);
  const bits = out.tokens.reduce((s, t) => s + t.surprisal, 0);
  const bytes = Buffer.byteLength(fs.readFileSync(file, 'utf8'), 'utf8');
  const panelBpb = Number(text.match(/(\d+\.\d{3}) bits\/byte/)[1]);
  lap(`CLI: ${out.tokens.length} tokens, ${(bits / bytes).toFixed(3)} bits/byte; panel ${panelBpb}`);
  assert.ok(out.tokens.length < bytes / 2, 'BPE tokens, not bytes');
  assert.ok(Math.abs(panelBpb - bits / bytes) < 0.0015, `panel ${panelBpb} vs CLI ${bits / bytes} bits/byte`);
  assert.ok((await rig.extensionDecorations().count()) > 20, 'tokens coloured in the editor');

  await rig.openFile('sample.ts');
  await rig.goToLine(39, 25);
  await rig.runCommand(DEPENDENCIES);
  let seen = [];
  await waitFor(
    async () => {
      await assertNoCrash(rig);
      seen = await borders();
      return seen.includes(TARGET_BORDER) && seen.filter((b) => BLUE_OUTLINE.test(b)).length >= 2;
    },
    240_000,
    () => `no target box and dependency outlines (borders: ${JSON.stringify(seen.slice(0, 12))})`,
  );
  lap(`dependencies: ${seen.filter((b) => BLUE_OUTLINE.test(b)).length} outlines`);
  // The side panel says that attention was read through graph surgery (the graph has no attention outputs).
  const note = rig.webviewFrame().locator('.dependency-note', { hasText: 'cached copy' });
  await note.first().waitFor({ timeout: 30_000 });
  lap(`side panel: "${normalise(await note.first().textContent())}"`);

  await rig.runCommand(SPARSITY);
  await editorTab(rig, 'Attention-Sparsity Map').first().waitFor({ timeout: 90_000 });
  const frame = await panelWith(rig, 'canvas#map-canvas');
  let sum = '';
  await waitFor(
    async () =>
      /mean k/.test(
        (sum = normalise(
          await frame
            .locator('#summary')
            .textContent()
            .catch(() => ''),
        )),
      ),
    180_000,
    () => `the map never showed its summary (last: "${sum}")`,
  );
  lap(`map: "${sum}"`);
  const cells = frame.locator('svg#head-grid rect.head-cell');
  const heads = await stableCount(cells, { min: 1, timeout: 10_000 });
  assert.equal(heads, 8, `head cells of ${MODEL} (2 layers × 4 heads)`);
  // The ablation pass of the dependencies command ends before the shot (its progress toast would cover the panel).
  await waitFor(
    async () => !(await rig.notifications()).some((n) => /Ablated/.test(n)),
    240_000,
    'the ablation progress never ended',
  );
  const { shots } = await shootAt800(rig, {
    tab: 'Attention-Sparsity Map',
    frameSelector: 'canvas#map-canvas',
    prefix: 'bpe-llama-map',
    sections: [],
  });
  lap(`screenshots: ${shots.join(', ')}`);
  assert.equal(sha256(file), digest, 'sample.ts changed on disk');
});
