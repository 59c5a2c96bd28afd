/**
 * @file End-to-end test of the decision-tree toolkit in a real VS Code (code-server 4.100.3):
 * train a tree LM on a text file from the palette (quick pick → notification), trace the
 * prediction at the cursor in sample.ts (editor-area webview panel: summary, tree SVG, path steps,
 * click-to-reveal), the tested-token decorations and their hover; then the bad-input paths (trace
 * at the start of the file, cancelled prompt) and generation, whose preview must leave the file
 * untouched; saving and loading the model from the palette (the simple file dialogs), screenshots of the
 * trace panel at 1,400 and 800 px, and a window reload that revives the panel and keeps the model.
 * One server and one browser for the file.
 * Run: `sh e2e/vscode-rig/setup.sh && node --test e2e/` (after `npm run build`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXTENSION_DIR, normalise, sleep } from './rig.mjs';
import {
  assertNoCrash,
  assertUntouched,
  editorTab,
  lineCol,
  offsetOf,
  pastRightEdge,
  rigSession,
  sha256,
  stableCount,
  waitFor,
  waitForNote,
} from './steps.mjs';

const TRAIN = 'Model Lens: Train Decision-Tree LM';
const TRACE = 'Model Lens: Trace Prediction at Cursor';
const GENERATE = 'Model Lens: Generate with Decision-Tree LM';
const SAVE = 'Model Lens: Save Decision-Tree LM…';
const LOAD = 'Model Lens: Load Decision-Tree LM…';
/** The name the save dialog suggests for a cart model with the default window trained on corpus.txt. */
const SUGGESTED = 'tree-lm-cart-w16-corpus.json';
const CORPUS = 'trees/corpus.txt';
/** Where the trace is taken: sample.ts line 16 col 8, just after `  push(` (1-based, as the status bar). */
const AT = { line: 16, column: 8 };
/** Colours of the tested-token decoration (`TreeDecorations.tested`), as computed styles print them. */
const TESTED_BG = 'rgba(64, 156, 255, 0.28)';
const TESTED_BORDER = 'rgba(64, 156, 255, 0.9)';

/** @type {import('./rig.mjs').Rig} */
let rig;
/** Whether the training step passed; the later tests need its model. */
let trained = false;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/trees.js'];
const { lap, rigTest } = rigSession('trees', needs, (r) => void (rig = r));

/** Locators of the trace panel (webview panel `modelLens.trees`). */
function tracePanel() {
  const frame = rig.webviewPanelFrame();
  return {
    frame,
    summary: frame.locator('#summary'),
    trees: frame.locator('svg.tree-diagram'),
    steps: frame.locator('ol#path-steps li.path-step'),
  };
}

/** Waits until the panel summary is a trace (it says `replay`); returns its text. */
async function waitForTraceSummary(timeout = 60_000) {
  const { summary } = tracePanel();
  let text = '';
  await waitFor(
    async () => {
      text = normalise(await summary.textContent({ timeout: 2_000 }).catch(() => ''));
      return /replay/.test(text);
    },
    timeout,
    () => `trace panel #summary never showed a trace (last text: "${text}")`,
  );
  return text;
}

/** The notification toast whose text matches `pattern` (a locator; the first match). */
function toast(pattern) {
  return rig.page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
}

rigTest('train a cart tree LM on the current file through the quick pick', async () => {
  const corpus = path.join(rig.workspace, CORPUS);
  const before = sha256(corpus);
  await rig.openFile(CORPUS);
  lap(`${CORPUS} open`);

  const t0 = performance.now();
  await rig.runCommand(TRAIN);
  const qi = rig.quickInput();
  const row = qi
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: rig.page.locator('.label-name', { hasText: /^\s*Current file\s*$/ }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  const title = normalise(await qi.locator('.quick-input-title').innerText());
  assert.equal(title, 'Train a decision-tree LM on', 'quick pick title');
  const labels = (await qi.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map(normalise);
  lap(`quick pick "${title}": ${JSON.stringify(labels)}`);
  assert.ok(labels.includes('Current file'), `quick pick items: ${JSON.stringify(labels)}`);
  assert.ok(!labels.includes('Selection'), 'a "Selection" item is offered with no selection');
  await row.click();

  const note = await waitForNote(rig, /^Model Lens: trained a cart tree LM on/, 120_000);
  lap(`trained after ${((performance.now() - t0) / 1000).toFixed(1)} s: "${note}"`);
  const m = note.match(/^Model Lens: trained a cart tree LM on ([\d,]+) tokens/);
  assert.ok(m, `notification does not report a token count: "${note}"`);
  const tokens = Number(m[1].replace(/,/g, ''));
  const bytes = fs.statSync(corpus).size;
  assert.ok(tokens > 0 && tokens <= bytes, `token count ${tokens} not in 1..${bytes} (bytes of ${CORPUS})`);
  assert.match(note, /\d+ nodes/, `notification should give the node count: "${note}"`);
  assert.equal(sha256(corpus), before, `${CORPUS} changed on disk`);
  await assertNoCrash(rig);
  await rig.clearNotifications();
  trained = true;
});

rigTest('trace the prediction at sample.ts 16:8: panel, tree, path steps, reveal, decorations, hover', async (t) => {
  if (!trained) return t.skip('no model: training failed');
  const file = path.join(rig.workspace, 'sample.ts');
  const text = fs.readFileSync(file, 'utf8');
  const before = sha256(file);
  await rig.openFile('sample.ts');
  await rig.goToLine(AT.line, AT.column);
  const decoBefore = await rig.extensionDecorations().count();
  assert.equal(decoBefore, 0, 'editor has extension decorations before the trace');

  const t0 = performance.now();
  await rig.runCommand(TRACE);

  // The panel: an editor tab "Decision-Tree Trace" beside the editor, which keeps the focus.
  const tab = editorTab(rig, 'Decision-Tree Trace');
  await tab.first().waitFor({ timeout: 30_000 });
  const summary = await waitForTraceSummary();
  lap(`trace shown after ${((performance.now() - t0) / 1000).toFixed(1)} s: "${summary}"`);
  assert.equal(await tab.count(), 1, 'one "Decision-Tree Trace" tab');
  assert.equal(
    await rig.page.locator('.editor-group-container').count(),
    2,
    'the panel opens beside the editor (2 groups)',
  );
  await rig.activeTab('sample.ts').waitFor({ state: 'attached', timeout: 5_000 });
  // The viewType is not in the DOM: check the bundle opens panels as `modelLens.<view>` and that the
  // trees toolkit asks for its `trees` view (VIEWS.trees, whose title the tab shows), and that the panel
  // shows that view's page with the export toolbar mountView fills in.
  const bundle = fs.readFileSync(path.join(EXTENSION_DIR, 'dist', 'extension.js'), 'utf8');
  assert.match(bundle, /`modelLens\.\$\{view\}`/, 'panels are created as modelLens.<view>');
  assert.match(bundle, /registerWebviewPanelSerializer/, 'panels are revived after a reload');
  assert.match(bundle, /\.panel\(\s*["']trees["']\s*\)/, 'the trees toolkit opens the trees view');
  const page = tracePanel().frame;
  assert.equal(await page.locator('main#app.trees-view').count(), 1, 'the panel shows the trees view');
  const exportButtons = page.locator('#toolbar button.export');
  assert.deepEqual(await exportButtons.evaluateAll((els) => els.map((e) => e.id)), [
    'export-svg',
    'export-png',
    'export-json',
  ]);
  assert.equal(await page.locator('#export-json').isEnabled(), true, 'JSON export is enabled once a trace is shown');

  assert.match(summary, /predicted "/, `summary: "${summary}"`);
  assert.match(summary, /replay ✓/, `summary: "${summary}"`);
  assert.ok(
    summary.startsWith(`sample.ts ${AT.line}:${AT.column} `),
    `summary should start with the position: "${summary}"`,
  );

  // The tree: one SVG for a CART model; its path from the root drawn as on-path nodes and links.
  const { frame, trees, steps } = tracePanel();
  assert.equal(await trees.count(), 1, 'svg.tree-diagram count for a cart model');
  const first = trees.first();
  const onPath = await stableCount(first.locator('g.tree-node.on-path'), { min: 3, timeout: 10_000 });
  const onPathSplits = await first.locator('g.tree-node.split.on-path').count();
  const onPathLinks = await first.locator('path.tree-link.on-path').count();
  lap(`tree: ${onPath} on-path nodes (${onPathSplits} splits), ${onPathLinks} on-path links`);
  assert.ok(onPath > 2, `expected more than 2 on-path nodes, found ${onPath}`);
  assert.ok(onPathLinks >= 1, 'no path.tree-link.on-path');
  assert.equal(onPathLinks, onPath - 1, 'on-path links vs on-path nodes − 1 (one path from the root)');
  assert.equal(await first.locator('g.tree-node.leaf.on-path').count(), 1, 'the path ends in one leaf');

  // Path steps: one per on-path split of the (first and only) tree, most with a source token.
  const nSteps = await steps.count();
  assert.equal(nSteps, onPathSplits, 'li.path-step count vs on-path split nodes of the first tree');
  assert.equal(
    await frame.locator('ol#path-steps li.path-step[data-tree="0"]').count(),
    onPathSplits,
    'steps of tree 0',
  );
  const stepData = await steps.evaluateAll((els) =>
    els.map((e) => ({
      cls: e.className,
      start: e.getAttribute('data-start'),
      end: e.getAttribute('data-end'),
      text: e.textContent,
    })),
  );
  const withSource = stepData.filter((s) => s.start !== null && s.end !== null);
  assert.ok(withSource.length > 0, `no step has data-start/data-end: ${JSON.stringify(stepData)}`);
  const cursorOffset = offsetOf(text, AT.line, AT.column);
  for (const s of withSource) {
    const [a, b] = [Number(s.start), Number(s.end)];
    assert.ok(/^\d+$/.test(s.start) && /^\d+$/.test(s.end) && a < b, `bad step range ${s.start}..${s.end}`);
    assert.ok(b <= cursorOffset, `step tests ${a}..${b}, at or after the cursor (offset ${cursorOffset})`);
    assert.ok(s.cls.split(/\s+/).includes('has-source'), `step with a range lacks .has-source: ${s.cls}`);
  }

  // Decorations in the editor: tested tokens (blue background + border), more than before.
  const decorations = rig.extensionDecorations();
  const nDeco = await stableCount(decorations, { min: 1, timeout: 15_000 });
  const styles = await decorations.evaluateAll((els) =>
    els.map((e) => {
      const cs = getComputedStyle(e);
      return { bg: cs.backgroundColor, border: `${cs.borderTopStyle} ${cs.borderTopColor}` };
    }),
  );
  const tested = styles.filter((s) => s.bg === TESTED_BG && s.border === `solid ${TESTED_BORDER}`);
  lap(`${nDeco} decoration elements after the trace (${decoBefore} before), ${tested.length} tested-token ones`);
  assert.ok(nDeco > decoBefore, 'no more decorations after the trace than before');
  assert.ok(tested.length >= 1, `no blue tested-token decoration: ${JSON.stringify(styles)}`);

  // Hover over a tested token.
  const testedDeco = rig.extensionDecorations().filter({ visible: true });
  const idx = await testedDeco.evaluateAll(
    (els, bg) => els.findIndex((e) => getComputedStyle(e).backgroundColor === bg),
    TESTED_BG,
  );
  assert.ok(idx >= 0, 'no visible tested-token decoration to hover');
  const hover = await rig.hoverText(testedDeco.nth(idx), { contains: 'tested', timeout: 15_000 });
  lap(`hover: "${hover}"`);
  assert.match(hover, /Decision tree/, `hover text: "${hover}"`);
  assert.match(hover, /tested/, `hover text: "${hover}"`);
  await rig.page.mouse.move(2, 2);

  // Clicking a step with a source token selects that token in the editor (reveal). Pick one whose
  // range is not where the cursor is, so the selection visibly moves.
  const pick = withSource[withSource.length - 1];
  const [start, end] = [Number(pick.start), Number(pick.end)];
  const want = [lineCol(text, start), lineCol(text, end)].map((p) => `Ln ${p.line}, Col ${p.column}`);
  const statusBefore = await rig.cursorStatus();
  assert.equal(statusBefore, `Ln ${AT.line}, Col ${AT.column}`, 'cursor before the reveal');
  await frame
    .locator(`ol#path-steps li.path-step.has-source[data-start="${start}"][data-end="${end}"]`)
    .first()
    .click();
  let status = '';
  await waitFor(
    async () => {
      status = await rig.cursorStatus();
      return want.some((w) => status.startsWith(w)) && /\(\d+ selected\)/.test(status);
    },
    10_000,
    () =>
      `after clicking step ${start}..${end} the status bar says "${status}", ` +
      `expected ${want.join(' or ')} with a selection`,
  );
  lap(`reveal ${start}..${end} (${JSON.stringify(text.slice(start, end))}): status bar "${status}"`);
  assert.equal(status.match(/\((\d+) selected\)/)[1], String(end - start), 'selected length vs step range');
  await rig.activeTab('sample.ts').waitFor({ state: 'attached', timeout: 5_000 });
  const selected = rig.activeEditor().locator('.view-overlays .selected-text');
  assert.ok((await selected.count()) >= 1, 'no selection highlight in the editor after the reveal');
  const selectedStep = frame.locator('ol#path-steps li.path-step.selected');
  assert.equal(await selectedStep.count(), 1, 'one step is marked selected after the click');
  assert.equal(await selectedStep.getAttribute('data-start'), String(start), 'the clicked step is the selected one');

  await assertUntouched(rig, file, before);
});

rigTest('bad input: trace at the start, cancelled prompt; the generation preview leaves the file as is', async (t) => {
  if (!trained) return t.skip('no model: training failed');
  const file = path.join(rig.workspace, 'sample.ts');
  const before = sha256(file);
  await rig.clearNotifications();
  await rig.openFile('sample.ts');

  // Trace at 1:1: nothing comes before the cursor.
  await rig.goToLine(1, 1);
  await rig.runCommand(TRACE);
  const note = await waitForNote(rig, 'start of the file', 30_000);
  lap(`trace at 1:1: "${note}"`);
  await rig.clearNotifications();

  const input = rig.quickInput().locator('input');
  // Generate at 1:1: the prompt box is empty (no text before the cursor); Escape cancels quietly.
  await rig.runCommand(GENERATE);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await input.inputValue(), '', 'prompt at 1:1 should be empty');
  await rig.page.keyboard.press('Escape');
  await rig.quickInput().waitFor({ state: 'hidden', timeout: 5_000 });
  await sleep(1_000);
  assert.deepEqual(
    (await rig.notifications()).filter((n) => /continues/.test(n)),
    [],
    'a cancelled prompt still generated',
  );

  // Generate after `  push(`: the prompt is pre-filled with the text before the cursor.
  await rig.goToLine(AT.line, AT.column);
  await rig.runCommand(GENERATE);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  const title = normalise(
    await rig
      .quickInput()
      .locator('.quick-input-title')
      .innerText()
      .catch(() => ''),
  );
  const prompt = await waitFor(async () => input.inputValue(), 5_000, 'prompt box stayed empty');
  lap(`prompt box "${title}": ${JSON.stringify(prompt)}`);
  assert.ok(
    prompt.trimEnd().endsWith('push('),
    `prompt should end with the text before the cursor: ${JSON.stringify(prompt)}`,
  );
  await rig.page.keyboard.press('Enter');

  const gen = toast(/Decision-tree LM continues:/);
  await gen.waitFor({ timeout: 60_000 });
  const genText = normalise(await gen.locator('.notification-list-item-message').innerText());
  lap(`generation: "${genText}"`);
  assert.ok(genText.startsWith('Decision-tree LM continues:'), `notification text: "${genText}"`);
  assert.match(genText, /Greedy decoding .* soon repeats itself\. .*modelLens\.trees\.temperature/, 'why it repeats');
  const buttons = (await gen.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map(
    normalise,
  );
  assert.deepEqual(buttons, ['Insert at Cursor', 'Copy'], 'notification buttons');
  // Dismiss without inserting (clear the notifications: a long toast is expanded and its close button moves).
  await rig.clearNotifications();
  await gen.waitFor({ state: 'detached', timeout: 10_000 });
  await sleep(1_000);

  assert.equal(sha256(file), before, 'sample.ts changed on disk');
  assert.equal(await rig.page.locator('.editor-group-container .tab.dirty').count(), 0, 'an editor became dirty');
  assert.equal(await rig.cursorStatus(), `Ln ${AT.line}, Col ${AT.column}`, 'the cursor moved: something was inserted');
  await assertNoCrash(rig);
  assert.ok(await rig.hasCommand(TRACE), 'trace command no longer listed');
});

rigTest('the trace panel at 1,400 and 800 px wide: screenshots, nothing wider than the panel', async (t) => {
  if (!trained) return t.skip('no model: training failed');
  await rig.openFile('sample.ts');
  await rig.goToLine(AT.line, AT.column);
  await rig.runCommand(TRACE);
  await waitForTraceSummary();
  for (const width of [1400, 800]) {
    await rig.page.setViewportSize({ width, height: 900 });
    await sleep(1_500);
    const file = await rig.screenshot(`trees-trace-${width}`);
    const frame = tracePanel().frame;
    const within = '#summary, #toolbar, ol#path-steps, .top-list, .top-p, h2, p';
    // The tree diagram scrolls sideways in its own box, so the page itself is not checked here.
    const over = (await pastRightEdge(frame, { within })).out.filter((line) => !line.startsWith('page '));
    lap(`trace panel at ${width} px: ${file}; overflowing: ${JSON.stringify(over)}`);
    assert.deepEqual(over, [], `elements wider than the panel at ${width} px`);
  }
  await rig.page.setViewportSize({ width: 1400, height: 900 });
});

/**
 * Types `file` into the open simple file dialog and accepts it; returns what it offered (`offers`: its end).
 * The dialog fills its folder, lists it, and (to save) writes the suggested name a moment later: typing before
 * it settles loses what was typed, so this waits for the listing, checks the box holds `file` before Enter, and
 * types it again if the dialog is still open with something else in the box.
 */
async function answerFileDialog(file, offers = '') {
  const input = rig.quickInput().locator('input').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  const rows = rig.quickInput().locator('.quick-input-list .monaco-list-row');
  await rows
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  let offered = '';
  await waitFor(
    async () => (offered = await input.inputValue()).endsWith(offers) && offered.length > 0,
    5_000,
    () => `the file dialog offers ${JSON.stringify(offered)}, not a path ending in ${offers}`,
  ).catch(() => undefined);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await input.fill(file);
    await sleep(700);
    const typed = await input.inputValue();
    if (typed !== file) {
      lap(`file dialog: the box holds ${JSON.stringify(typed)} after typing (attempt ${attempt})`);
      continue;
    }
    await input.press('Enter');
    const closed = await input
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (closed) return offered;
    lap(`file dialog still open with ${JSON.stringify(await input.inputValue())} (attempt ${attempt})`);
  }
  throw new Error(`the file dialog did not accept ${file}`);
}

rigTest('save the model from the palette (a suggested name) and load it back', async (t) => {
  if (!trained) return t.skip('no model: training failed');
  await rig.clearNotifications();
  await rig.runCommand(SAVE);
  const target = path.join(rig.workspace, SUGGESTED);
  const offered = await answerFileDialog(target, SUGGESTED);
  lap(`save dialog offered ${JSON.stringify(offered)}`);
  assert.ok(offered.endsWith(SUGGESTED), `the save dialog suggests ${SUGGESTED}, not ${JSON.stringify(offered)}`);
  const saved = await waitForNote(rig, /saved the decision-tree LM to/, 30_000);
  lap(`saved: "${saved}"`);
  const json = JSON.parse(fs.readFileSync(target, 'utf8'));
  assert.equal(json.format, 'model-lens/ardt', 'the file is in the format the CLI writes');
  assert.deepEqual(
    fs.readdirSync(rig.workspace).filter((f) => f.endsWith('.tmp')),
    [],
    'the atomic write left a temporary file',
  );
  await rig.clearNotifications();

  await rig.runCommand(LOAD);
  await answerFileDialog(target);
  const loaded = await waitForNote(rig, /loaded a cart tree LM from/, 30_000);
  lap(`loaded: "${loaded}"`);
  assert.match(loaded, new RegExp(`from ${SUGGESTED.replace(/\./g, '\\.')} \\([\\d,]+ nodes, a 16-token window\\)`));
  await rig.clearNotifications();
  await rig.openFile('sample.ts');
  await rig.goToLine(AT.line, AT.column);
  await rig.runCommand(TRACE);
  const summary = await waitForTraceSummary();
  assert.match(summary, /replay ✓/, `a trace with the loaded model: "${summary}"`);
  await assertNoCrash(rig);
});

rigTest('after Developer: Reload Window the trace panel is back with its trace, and the model is kept', async (t) => {
  if (!trained) return t.skip('no model: training failed');
  await waitForTraceSummary();
  await rig.runCommand('Developer: Reload Window');
  await sleep(3_000);
  await rig.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  const tab = editorTab(rig, 'Decision-Tree Trace');
  await tab.first().waitFor({ timeout: 60_000 });
  const summary = await waitForTraceSummary(60_000);
  lap(`revived panel: "${summary}"`);
  assert.ok(summary.startsWith(`sample.ts ${AT.line}:${AT.column} `), `revived summary: "${summary}"`);
  const { steps } = tracePanel();
  assert.ok((await steps.count()) > 0, 'the revived panel lists the path steps');
  await rig.screenshot('trees-revived-1400');

  // Its actions work again: a click on a step reveals that token in sample.ts.
  const step = tracePanel().frame.locator('ol#path-steps li.path-step.has-source').first();
  const [start, end] = [Number(await step.getAttribute('data-start')), Number(await step.getAttribute('data-end'))];
  await step.click();
  let status = '';
  await waitFor(
    async () => {
      status = await rig.cursorStatus();
      return /\(\d+ selected\)/.test(status);
    },
    20_000,
    () => `after a click on a revived step (${start}..${end}) the status bar says "${status}"`,
  );
  lap(`revived reveal: "${status}"`);

  // The model outlived the reload: a trace runs without training again.
  await rig.clearNotifications();
  await rig.openFile('sample.ts');
  await rig.goToLine(AT.line, AT.column);
  await rig.runCommand(TRACE);
  await sleep(2_000);
  const notes = await rig.notifications();
  assert.deepEqual(
    notes.filter((n) => /Train a decision-tree LM first/.test(n)),
    [],
    'the model was lost',
  );
  await waitForTraceSummary(60_000);
  await assertNoCrash(rig);
});
