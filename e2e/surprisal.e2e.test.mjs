/**
 * @file End-to-end test of the surprisal analysis in a real VS Code (code-server 4.100.3):
 * palette command → side-panel chart and summary, agreement with the CLI, editor decorations and
 * hover, file untouched; and the empty-file error path. One server and one browser for the file.
 * Run: `sh e2e/vscode-rig/setup.sh && node --test e2e/` (after `npm run build`).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EXTENSION_DIR, normalise, sleep } from './rig.mjs';
import { CRASH, FIXTURES, rigSession, sha256, stableCount, waitFor } from './steps.mjs';

const ANALYSE = 'Model Lens: Analyse Surprisal of Current File';
const CLEAR = 'Model Lens: Clear Decorations';
/** `2.345 bits/byte`: the panel's summary shows bits per byte with exactly three decimals. */
const BITS_PER_BYTE = /(\d+\.\d{3}) bits\/byte/;

/** @type {import('./rig.mjs').Rig} */
let rig;
const { lap, rigTest } = rigSession('surprisal', ['dist/extension.js', 'dist/cli.js'], (r) => void (rig = r));

/** Side-panel locators (webview view `modelLens.sidePanel`). */
function panel() {
  const frame = rig.webviewFrame();
  return {
    chart: frame.locator('svg#surprisal-chart'),
    bars: frame.locator('svg#surprisal-chart rect.token-bar'),
    summary: frame.locator('#summary'),
  };
}

/** Waits until the panel summary shows a bits/byte figure; returns the summary text. */
async function waitForSummary(timeout = 90_000) {
  const { summary } = panel();
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = normalise(await summary.textContent({ timeout: 2_000 }).catch(() => ''));
    if (BITS_PER_BYTE.test(text)) return text;
    await sleep(250);
  }
  throw new Error(`panel #summary never showed "<n.nnn> bits/byte" (last text: "${text}")`);
}

/** Runs the CLI on `file` and returns its parsed JSON result. */
async function cli(file) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(EXTENSION_DIR, 'dist', 'cli.js'), 'surprisal', file, '--json'],
    { cwd: EXTENSION_DIR, maxBuffer: 64 << 20, timeout: 120_000 },
  );
  return JSON.parse(stdout);
}

rigTest('surprisal of sample.ts: panel, CLI agreement, decorations, hover, file untouched', async () => {
  const file = path.join(rig.workspace, 'sample.ts');
  const before = sha256(file);
  assert.equal(before, sha256(path.join(FIXTURES, 'sample.ts')), 'workspace copy differs from the fixture');

  await rig.openFile('sample.ts');
  lap('sample.ts open');
  assert.equal(await rig.extensionDecorations().count(), 0, 'editor has extension decorations before the command');

  const t0 = performance.now();
  const cliResult = cli(file); // in parallel with the UI run
  await rig.runCommand(ANALYSE);

  // Side panel: one rect.token-bar per token, and the summary.
  const { chart, bars } = panel();
  await chart.waitFor({ timeout: 90_000 });
  const summary = await waitForSummary();
  const nBars = await stableCount(bars);
  console.log(`analysis shown after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${nBars} bars, "${summary}"`);
  assert.match(summary, /on cpu/, `summary should say the device: "${summary}"`);
  const ranges = await bars.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-start'), e.getAttribute('data-end')]),
  );
  for (const [s, e] of ranges) {
    assert.ok(
      /^\d+$/.test(s ?? '') && /^\d+$/.test(e ?? '') && Number(s) < Number(e),
      `bad token-bar range data-start=${s} data-end=${e}`,
    );
  }

  // Agreement with the CLI.
  const result = await cliResult;
  assert.equal(result.device, 'cpu', 'CLI device');
  assert.equal(nBars, result.tokens.length, 'rect.token-bar count vs CLI tokens.length');
  assert.equal(summary.match(BITS_PER_BYTE)[1], result.bitsPerByte.toFixed(3), 'panel bits/byte vs CLI bitsPerByte');
  const byStart = (a, b) => a[0] - b[0] || a[1] - b[1];
  assert.deepEqual(
    ranges.map(([s, e]) => [Number(s), Number(e)]).sort(byStart),
    result.tokens.map((t) => [t.start, t.end]).sort(byStart),
    'token-bar data-start/data-end vs CLI token ranges',
  );

  // Editor decorations: many background-colour decorations on the visible lines.
  await rig.activeTab('sample.ts').waitFor({ state: 'attached' });
  const decorations = rig.extensionDecorations();
  const nDeco = await stableCount(decorations, { min: 20, timeout: 20_000 });
  const coloured = await decorations.evaluateAll(
    (els) => els.filter((e) => !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(getComputedStyle(e).backgroundColor)).length,
  );
  console.log(`${nDeco} decoration elements on screen, ${coloured} with a background colour`);
  assert.ok(coloured >= 20, `expected at least 20 coloured decorations, found ${coloured} of ${nDeco}`);

  // Hover over a token in the editor.
  const word = rig.activeEditor().locator('.view-line span span', { hasText: 'TtlQueue' }).first();
  const hover = await rig.hoverText(word, { contains: 'bits', timeout: 15_000 });
  lap(`hover: "${hover}"`);
  assert.match(hover, /\d+(\.\d+)? bits/, `hover text: "${hover}"`);
  await rig.page.mouse.move(2, 2);

  // Nothing written: same bytes on disk, editor not dirty, no error toasts.
  assert.equal(sha256(file), before, 'sample.ts changed on disk');
  assert.equal(await rig.page.locator('.editor-group-container .tab.dirty').count(), 0, 'an editor became dirty');
  const crashes = (await rig.notifications()).filter((n) => CRASH.test(n));
  assert.deepEqual(crashes, [], 'error notifications');
});

rigTest('surprisal of empty.txt: a notification says it is empty, the extension keeps working', async () => {
  const file = path.join(rig.workspace, 'empty.txt');
  assert.equal(fs.statSync(file).size, 0);
  await rig.openFile('empty.txt');
  await rig.runCommand(ANALYSE);
  const note = await rig.waitForNotification(/empty/i);
  console.log(`empty file notification: "${note}"`);
  assert.equal(fs.statSync(file).size, 0, 'empty.txt changed on disk');

  // The extension host still answers: clear the decorations, analyse sample.ts again.
  assert.ok(await rig.hasCommand(ANALYSE), 'analyse command no longer listed');
  await rig.openFile('sample.ts');
  await rig.runCommand(CLEAR);
  await waitFor(async () => (await rig.extensionDecorations().count()) === 0, 10_000, `"${CLEAR}" left decorations`);
  await rig.runCommand(ANALYSE);
  await stableCount(rig.extensionDecorations(), { min: 20, timeout: 60_000 });
  assert.match(await waitForSummary(), BITS_PER_BYTE);
  const crashes = (await rig.notifications()).filter((n) => CRASH.test(n));
  assert.deepEqual(crashes, [], 'error notifications');
});
