/**
 * @file End-to-end test of the surprisal analysis in a real VS Code (code-server 4.100.3):
 * palette command → side-panel overview, chart and summary, agreement with the CLI, editor decorations
 * and hover, file untouched; the empty-file error path; and the side panel following the active editor,
 * its empty state's buttons, Clear Decorations clearing it, and screenshots at 800 and 1,400 px wide.
 * One server and one browser for the file.
 * Run: `sh e2e/vscode-rig/setup.sh && node --test e2e/` (after `npm run build`).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EXTENSION_DIR, normalise, sleep } from './rig.mjs';
import { CRASH, FIXTURES, pastRightEdge, rigSession, sha256, stableCount, waitFor } from './steps.mjs';

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
    frame,
    chart: frame.locator('svg#surprisal-chart'),
    overview: frame.locator('svg#surprisal-overview'),
    bars: frame.locator('svg#surprisal-chart rect.token-bar'),
    summary: frame.locator('#summary'),
    empty: frame.locator('#empty-state'),
  };
}

/** Waits until the panel summary reads `pattern`; returns the text. */
async function waitForSummaryText(pattern, timeout = 30_000) {
  const { summary } = panel();
  let text = '';
  await waitFor(
    async () => pattern.test((text = normalise(await summary.textContent({ timeout: 2_000 }).catch(() => '')))),
    timeout,
    () => `panel #summary never read ${pattern} (last text: "${text}")`,
  );
  return text;
}

/** Elements of the side panel wider than its page (nothing may overflow the panel). */
async function overflowing() {
  return (await pastRightEdge(panel().frame, { within: 'body *' })).out.filter((line) => !line.startsWith('page '));
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

  // Side panel: the overview counts every token; the chart shows one rect.token-bar per token of its window.
  const { chart, bars, overview } = panel();
  await chart.waitFor({ timeout: 90_000 });
  const summary = await waitForSummary();
  const nBars = await stableCount(bars);
  console.log(`analysis shown after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${nBars} bars, "${summary}"`);
  const chartWidth = Number(await chart.getAttribute('width'));
  const panelWidth = await panel()
    .frame.locator('body')
    .evaluate(() => document.documentElement.clientWidth);
  assert.ok(chartWidth <= panelWidth, `the chart (${chartWidth} px) is wider than the panel (${panelWidth} px)`);
  assert.ok(nBars >= 50, `the chart shows only ${nBars} bars`);
  assert.deepEqual(await overflowing(), [], 'elements overflow the side panel');
  for (const title of ['surprisal (bits)', 'token number in the file']) {
    const label = chart.locator('text.axis-label', { hasText: title });
    const box = await label.boundingBox();
    assert.ok(box && box.width > 0, `axis title "${title}" is not visible`);
  }
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
  assert.equal(Number(await overview.getAttribute('data-tokens')), result.tokens.length, 'overview tokens vs CLI');
  assert.equal(Number(await chart.getAttribute('data-tokens')), result.tokens.length, 'chart tokens vs CLI');
  const from = Number(await chart.getAttribute('data-from'));
  assert.equal(Number(await chart.getAttribute('data-to')) - from, nBars, 'one bar per token of the window');
  assert.equal(summary.match(BITS_PER_BYTE)[1], result.bitsPerByte.toFixed(3), 'panel bits/byte vs CLI bitsPerByte');
  const byStart = (a, b) => a[0] - b[0] || a[1] - b[1];
  assert.deepEqual(
    ranges.map(([s, e]) => [Number(s), Number(e)]).sort(byStart),
    result.tokens
      .slice(from, from + nBars)
      .map((t) => [t.start, t.end])
      .sort(byStart),
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

rigTest('the side panel follows the editor, starts analyses from its empty state, and clears', async () => {
  await rig.openFile('sample.ts');
  await rig.runCommand(CLEAR);
  await waitForSummaryText(/sample\.ts: no analysis yet/);
  await rig.runCommand(ANALYSE);
  const sampleSummary = await waitForSummary();

  // Another file: the panel shows its empty state, naming the file, with buttons that start analyses.
  await rig.openFile('problems.txt');
  await waitForSummaryText(/problems\.txt: no analysis yet/);
  const { empty, frame } = panel();
  assert.ok(await empty.isVisible(), 'the empty state is hidden');
  const labels = normalise(
    await empty
      .locator('button')
      .allTextContents()
      .then((t) => t.join(' | ')),
  );
  console.log(`empty-state buttons: ${labels}`);
  for (const label of ['Analyse Surprisal', 'Show Token Dependencies', 'Show Attention-Sparsity Map']) {
    assert.ok(labels.includes(label), `no "${label}" button in the empty state: ${labels}`);
  }
  assert.equal(await panel().chart.locator('rect.token-bar').count(), 0, 'sample.ts bars under problems.txt');
  await rig.page.setViewportSize({ width: 800, height: 900 });
  await rig.screenshot('surprisal-panel-empty-800');

  // Back to sample.ts: its result again, without a new run.
  await rig.openFile('sample.ts');
  assert.equal(await waitForSummaryText(/bits\/byte/), sampleSummary, 'sample.ts summary after switching back');

  // The empty state's button runs the analysis of the file in the editor.
  await rig.openFile('problems.txt');
  await waitForSummaryText(/problems\.txt: no analysis yet/);
  await frame.locator('button[data-command="modelLens.analyseSurprisal"]').click();
  const problems = await waitForSummaryText(/problems\.txt .* bits\/byte/, 90_000);
  console.log(`after the panel's button: "${problems}"`);
  assert.deepEqual(await overflowing(), [], 'elements overflow the side panel at 800 px');
  await rig.screenshot('surprisal-panel-800');
  await rig.page.setViewportSize({ width: 1400, height: 900 });
  await rig.openFile('sample.ts');
  await waitForSummaryText(/sample\.ts .* bits\/byte/);
  await rig.screenshot('surprisal-panel-1400');

  // A window reload brings the results back (the workspace state keeps them), for whichever editor VS Code
  // restores as the active one (it may not have saved the last switch before the reload).
  await rig.page.reload();
  await rig.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const restored = await waitForSummaryText(/(sample\.ts|problems\.txt) .* bits\/byte/, 90_000);
  const active = normalise(await rig.page.locator('.editor-group-container .tab.active').first().textContent());
  console.log(`after a reload: "${restored}" with ${active} active`);
  assert.equal(restored, active.includes('sample.ts') ? sampleSummary : problems, 'the restored result');
  await rig.openFile('sample.ts');
  assert.equal(await waitForSummaryText(/sample\.ts .* bits\/byte/), sampleSummary, 'sample.ts after a reload');
  await stableCount(panel().bars, { min: 20, timeout: 20_000 });

  // Clear Decorations empties the panel, for every file.
  await rig.runCommand(CLEAR);
  await waitForSummaryText(/sample\.ts: no analysis yet/);
  assert.equal(await panel().chart.locator('rect.token-bar').count(), 0, 'bars left after Clear Decorations');
  await rig.openFile('problems.txt');
  await waitForSummaryText(/problems\.txt: no analysis yet/);
  const crashes = (await rig.notifications()).filter((n) => CRASH.test(n));
  assert.deepEqual(crashes, [], 'error notifications');
});
