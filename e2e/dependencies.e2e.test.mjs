/**
 * @file End-to-end test of the token-dependencies toolkit in a real VS Code (code-server 4.100.3):
 * the dependencies of the token at the cursor in sample.ts (blue outlines without a background, the target's
 * thick box, one hover that puts the dependency links before surprisal, links that jump to each dependency), the
 * message for the first token of a file, the attention-sparsity map panel (summary,
 * head grid, k chart, canvas map with layer/head filters and readout, click-to-reveal of a ranked
 * dependency), and the empty-file error path, leaving every fixture untouched on disk.
 * One server and one browser for the file.
 * Run: `sh e2e/vscode-rig/setup.sh && node --test e2e/` (after `npm run build`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalise } from './rig.mjs';
import {
  panelWith,
  FIXTURES,
  assertNoCrash,
  assertUntouched,
  editorTab,
  hashTree,
  lineCol,
  offsetOf,
  rigSession,
  stableCount,
  targetHover,
  waitFor,
  waitForNote,
} from './steps.mjs';

const DEPENDENCIES = 'Model Lens: Show Token Dependencies';
const SURPRISAL = 'Model Lens: Analyse Surprisal of Current File';
const SPARSITY = 'Model Lens: Show Attention-Sparsity Map';
/**
 * The analysed token: sample.ts 39:25 (1-based, as the status bar counts), the `7` of
 * `export const again = "qZ7vK2pW9xL4mR8t";`, a copy of the string on line 37 whose `7` is at 37:18.
 */
const AT = { line: 39, column: 25 };
const SOURCE = { line: 37, column: 18 };
/** Colours of `DependencyDecorations`, as computed styles print them (an opaque rgba prints as rgb). */
const BLUE_OUTLINE = /^1px solid rgba?\(0, 140, 255(?:, (0\.\d+))?\)$/;
const TARGET_BORDER = '2px solid rgb(0, 140, 255)';
const NO_BACKGROUND = 'rgba(0, 0, 0, 0)';

/** @type {import('./rig.mjs').Rig} */
let rig;
/** sha256 of every fixture file in the workspace copy, taken before any test. */
let fixtureHashes;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/dependencies.js', 'dist/webview/dependencies.css'];
const { lap, rigTest } = rigSession('dependencies', needs, (r) => {
  rig = r;
  fixtureHashes = hashTree(rig.workspace);
  assert.deepEqual(fixtureHashes, hashTree(FIXTURES), 'the workspace copy differs from test/fixtures');
  return ` (${Object.keys(fixtureHashes).length} fixture files)`;
});

/** Style facts of every extension decoration element on screen. */
function decorationStyles() {
  return rig.extensionDecorations().evaluateAll((els) =>
    els.map((e) => {
      const cs = getComputedStyle(e);
      const r = e.getBoundingClientRect();
      return {
        bg: cs.backgroundColor,
        border: `${cs.borderTopWidth} ${cs.borderTopStyle} ${cs.borderTopColor}`,
        visible: r.width > 0 && r.height > 0,
      };
    }),
  );
}

rigTest(
  'token dependencies of sample.ts 39:25: outlines, target box, one hover (links first), links jump',
  async () => {
    const file = path.join(rig.workspace, 'sample.ts');
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    assert.equal(lines[AT.line - 1], 'export const again = "qZ7vK2pW9xL4mR8t";', `sample.ts line ${AT.line}`);
    assert.equal(lines[AT.line - 1][AT.column - 1], '7', `sample.ts ${AT.line}:${AT.column}`);
    assert.equal(lines[SOURCE.line - 1][SOURCE.column - 1], '7', `sample.ts ${SOURCE.line}:${SOURCE.column}`);

    await rig.openFile('sample.ts');
    // Surprisal first, so that the hover has both parts to merge.
    await rig.runCommand(SURPRISAL);
    await waitFor(async () => (await rig.extensionDecorations().count()) > 20, 90_000, 'no surprisal colouring');
    await rig.openFile('sample.ts');
    await rig.goToLine(AT.line, AT.column);
    const decoBefore = await rig.extensionDecorations().count();
    lap(`sample.ts coloured by surprisal, cursor at ${AT.line}:${AT.column}, ${decoBefore} extension decorations`);

    const t0 = performance.now();
    await rig.runCommand(DEPENDENCIES);
    // The target box marks the end of the run (set after the engine answered).
    let styles = [];
    await waitFor(
      async () => {
        await assertNoCrash(rig);
        styles = await decorationStyles();
        return styles.some((s) => s.border === TARGET_BORDER);
      },
      // The window before the `7` (1,019 tokens): its 512 nearest ablated, seconds idle, minutes on a loaded machine.
      240_000,
      () => `no 2px blue target box after ${DEPENDENCIES} (decorations: ${JSON.stringify(styles)})`,
    );
    const nDeco = await stableCount(rig.extensionDecorations(), { min: 2, timeout: 15_000 });
    styles = await decorationStyles();
    lap(`dependencies shown after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${nDeco} decoration elements`);
    const outlines = styles.filter((s) => BLUE_OUTLINE.test(s.border));
    const opacities = [...new Set(outlines.map((s) => Number(s.border.match(BLUE_OUTLINE)[1] ?? 1)))].sort();
    const targets = styles.filter((s) => s.border === TARGET_BORDER);
    lap(`blue outlines: ${outlines.length}, opacities ${JSON.stringify(opacities)}; target boxes: ${targets.length}`);
    assert.ok(outlines.length >= 2, `fewer than 2 blue dependency outlines: ${JSON.stringify(styles)}`);
    assert.ok(opacities.length >= 2, `dependency outlines of one opacity only: ${JSON.stringify(opacities)}`);
    for (const s of [...outlines, ...targets]) assert.equal(s.bg, NO_BACKGROUND, 'a dependency mark has a background');
    assert.equal(targets.length, 1, 'one target-token box');
    await rig.screenshot('dependencies-cursor-marks');

    // Hover over the target token (the boxed decoration sits exactly on the `7`): one hover, dependencies first.
    // Attention shows first; ablation joins when its passes are done and the marks are drawn again.
    const hover = await targetHover(
      rig,
      /depends on[\s\S]*By ablation[\s\S]*surprisal/,
      240_000,
      'no hover with the ablation part on the target token',
    );
    lap(`hover: "${hover}"`);
    await rig.screenshot('dependencies-cursor-hover');
    assert.equal(await rig.page.locator('.monaco-editor .monaco-hover:not(.hidden)').count(), 1, 'one hover box');
    assert.ok(hover.indexOf('depends on') < hover.indexOf('surprisal'), `dependency part first: "${hover}"`);
    assert.match(hover, /k_δ|k_0\.9/, `hover should give k_δ or k_0.9: "${hover}"`);
    // 1,019 tokens before the `7`; ablation tried the nearest 512 (the default reach), and the hover says so.
    assert.match(hover, /Of the 1019 tokens before it, removing any of \d+ \(of the nearest 512, those ablated\)/);
    assert.doesNotMatch(hover, /\\"/, `a quote shown escaped: "${hover}"`);
    const ablation = hover.match(/By ablation:(.*?)(By attention:|$)/);
    assert.ok(ablation, `hover lists no ablation dependencies: "${hover}"`);
    const want = `${SOURCE.line}:${SOURCE.column}`;
    assert.ok(
      ablation[1].includes(`7 ${want}`),
      `the first 7 (${want}) is not among the ablation dependencies: "${ablation[1]}"`,
    );

    // Click the 37:18 link: the `7` of line 37 is selected (the status bar shows the active end).
    const link = rig.page
      .locator('.monaco-editor .monaco-hover:not(.hidden) a', { hasText: new RegExp(`^\\s*7\\s+${want}\\s*$`) })
      .first();
    await link.waitFor({ state: 'visible', timeout: 5_000 });
    await link.click();
    const sourceOffset = lines.slice(0, SOURCE.line - 1).join('\n').length + 1 + SOURCE.column - 1;
    const end = lineCol(text, sourceOffset + 1);
    const expected = [`Ln ${SOURCE.line}, Col ${SOURCE.column}`, `Ln ${end.line}, Col ${end.column} (1 selected)`];
    let status = '';
    await waitFor(
      async () => {
        status = await rig.cursorStatus();
        return expected.includes(status);
      },
      10_000,
      () =>
        `after clicking the ${want} link the status bar says "${status}", expected one of ` +
        `${JSON.stringify(expected)}`,
    );
    lap(`link ${want} clicked: status bar "${status}"`);
    await rig.activeTab('sample.ts').waitFor({ state: 'attached', timeout: 5_000 });
    await rig.page.mouse.move(2, 2);

    await assertUntouched(rig, file, fixtureHashes['sample.ts']);
  },
);

rigTest('the first token of a file: an information message says it has nothing before it', async () => {
  await rig.clearNotifications();
  await rig.openFile('sample.ts');
  await rig.goToLine(1, 1);
  await rig.runCommand(DEPENDENCIES);
  const note = await waitForNote(rig, /first token of the file/, 90_000);
  lap(`1:1: "${note}"`);
  assert.match(note, /^Model Lens:.*nothing comes before it/, `notification: "${note}"`);
  await rig.screenshot('dependencies-first-token');
  await rig.clearNotifications();
});

rigTest('sparsity map of sample.ts: summary, head grid, k chart, canvas, filters, readout, reveal', async () => {
  const file = path.join(rig.workspace, 'sample.ts');
  const text = fs.readFileSync(file, 'utf8');
  await rig.clearNotifications();
  await rig.openFile('sample.ts');
  // An empty selection: the map covers the whole file, with the dependencies of the token at the cursor.
  await rig.goToLine(AT.line, AT.column);

  const t0 = performance.now();
  await rig.runCommand(SPARSITY);
  const tab = editorTab(rig, 'Attention-Sparsity Map');
  await tab.first().waitFor({ timeout: 90_000 });
  const frame = await panelWith(rig, 'canvas#map-canvas');
  const summary = frame.locator('#summary');
  let sum = '';
  await waitFor(
    async () => {
      await assertNoCrash(rig);
      sum = normalise(await summary.textContent({ timeout: 2_000 }).catch(() => ''));
      return /tokens/.test(sum) && /mean k/.test(sum);
    },
    90_000,
    () => `map panel #summary never showed "tokens" and "mean k" (last text: "${sum}")`,
  );
  lap(`map shown after ${((performance.now() - t0) / 1000).toFixed(1)} s: "${sum}"`);
  assert.equal(await tab.count(), 1, 'one "Attention-Sparsity Map" tab');
  // The view is mounted by mountView: its toolbar gets the export buttons, enabled once a result is shown.
  const exportButtons = frame.locator('#toolbar button.export:not([disabled])');
  assert.equal(await stableCount(exportButtons, { min: 3, timeout: 10_000 }), 3, 'SVG, PNG and JSON exports enabled');
  await rig.activeTab('sample.ts').waitFor({ state: 'attached', timeout: 5_000 });

  const cells = frame.locator('svg#head-grid rect.head-cell');
  assert.equal(await stableCount(cells, { min: 1, timeout: 10_000 }), 24, 'head cells (4 layers × 6 heads)');
  assert.ok(
    (await frame.locator('svg#k-along path.k-line.attention').count()) >= 1,
    'no svg#k-along path.k-line.attention',
  );
  const canvas = frame.locator('canvas#map-canvas');
  const box = await canvas.boundingBox();
  lap(`24 head cells, k line present, canvas ${box ? `${box.width}×${box.height}` : 'without a box'}`);
  assert.ok(box && box.width > 0 && box.height > 0, `canvas#map-canvas has no size: ${JSON.stringify(box)}`);

  // Layer 3, head 0: the map's source label changes.
  const source = frame.locator('#map-source');
  const label0 = normalise(await source.textContent());
  await frame.locator('select#layer').selectOption('3', { timeout: 10_000 });
  await frame.locator('select#head').selectOption('0', { timeout: 10_000 });
  let label1 = '';
  await waitFor(
    async () => {
      label1 = normalise(await source.textContent());
      return label1 !== label0;
    },
    10_000,
    () => `#map-source stayed "${label0}" after choosing layer 3 head 0`,
  );
  lap(`#map-source: "${label0}" → "${label1}"`);

  // Hover the middle of the canvas: the readout names a query → key cell.
  const readout = frame.locator('#map-readout');
  let read = '';
  await canvas.scrollIntoViewIfNeeded({ timeout: 5_000 });
  await waitFor(
    async () => {
      const b = await canvas.boundingBox();
      await rig.page.mouse.move(b.x + b.width / 2 + 5, b.y + b.height / 2 + 7);
      await rig.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 3 });
      read = normalise(await readout.textContent());
      return read.includes('→');
    },
    10_000,
    () => `#map-readout shows no "→" when hovering the canvas (text: "${read}")`,
  );
  lap(`readout: "${read}"`);

  // The ranked dependencies of the token at the cursor; clicking one selects it in the editor.
  const at = frame.locator('section#at');
  assert.ok(await at.isVisible(), 'section#at is hidden although the cursor is on a token');
  const deps = frame.locator('section#at li.dependency');
  const nDeps = await stableCount(deps, { min: 1, timeout: 10_000 });
  const depData = await deps.evaluateAll((els) =>
    els.map((e) => ({ start: Number(e.dataset.start), end: Number(e.dataset.end), text: e.textContent })),
  );
  const cursorOffset = offsetOf(text, AT.line, AT.column);
  // One on another line than the cursor, so that the status bar visibly changes.
  const pickIndex = depData.findIndex(
    (d) => d.end > d.start && d.start !== cursorOffset && lineCol(text, d.start).line !== AT.line,
  );
  assert.ok(pickIndex >= 0, `no li.dependency with a range: ${JSON.stringify(depData)}`);
  const pick = depData[pickIndex];
  const wantPos = [lineCol(text, pick.start), lineCol(text, pick.end)].map((p) => `Ln ${p.line}, Col ${p.column}`);
  const statusBefore = await rig.cursorStatus();
  await deps.nth(pickIndex).click();
  let status = '';
  await waitFor(
    async () => {
      status = await rig.cursorStatus();
      return status !== statusBefore && wantPos.some((w) => status.startsWith(w)) && /\(\d+ selected\)/.test(status);
    },
    10_000,
    () =>
      `after clicking li.dependency ${pick.start}..${pick.end} the status bar says "${status}" (before: ` +
      `"${statusBefore}"), expected ${wantPos.join(' or ')}`,
  );
  lap(
    `${nDeps} li.dependency; clicked ${pick.start}..${pick.end} ` +
      `(${JSON.stringify(text.slice(pick.start, pick.end))}): status bar "${statusBefore}" → "${status}"`,
  );
  assert.equal(
    status.match(/\((\d+) selected\)/)[1],
    String(pick.end - pick.start),
    'selected length vs the dependency range',
  );
  await rig.activeTab('sample.ts').waitFor({ state: 'attached', timeout: 5_000 });
  assert.equal(
    await frame.locator('section#at li.dependency.selected').count(),
    1,
    'one dependency is marked selected after the click',
  );

  await assertUntouched(rig, file, fixtureHashes['sample.ts']);
});

rigTest('bad input: the sparsity map of empty.txt says it is empty; no fixture changed on disk', async () => {
  await rig.clearNotifications();
  await rig.openFile('empty.txt');
  await rig.runCommand(SPARSITY);
  const note = await waitForNote(rig, /empty/i, 60_000);
  lap(`empty.txt: "${note}"`);
  assert.match(note, /^Model Lens:/, `notification: "${note}"`);
  // The progress notification of the run closes once the error is shown.
  let shown = [];
  await waitFor(
    async () => {
      shown = await rig.notifications();
      return !shown.some((n) => /attention-sparsity map/.test(n));
    },
    10_000,
    () => `the progress notification stayed after the error: ${JSON.stringify(shown)}`,
  );
  await rig.clearNotifications();
  const now = hashTree(rig.workspace);
  const changed = Object.keys(fixtureHashes).filter((f) => now[f] !== fixtureHashes[f]);
  assert.deepEqual(changed, [], 'fixture files changed (or removed) on disk');
  assert.equal(await rig.page.locator('.editor-group-container .tab.dirty').count(), 0, 'an editor became dirty');
  assert.ok(await rig.hasCommand(DEPENDENCIES), 'dependencies command no longer listed');
});
