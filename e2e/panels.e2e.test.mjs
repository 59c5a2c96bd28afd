/**
 * @file Every panel, as a person sees it: the side panel after surprisal, the attention-sparsity map, the
 * decision-tree trace, position IDs (and the length-generalization probe) and LoRA composition, each at a
 * window 800 and 1,400 px wide, in a light and a dark theme. Each combination is saved as
 * `e2e/artifacts/panel-<panel>-<width>-<theme>.png`, and no visible element inside the panel's webview may
 * reach past the panel's right or left edge (unless it sits in a deliberate scroll box, overflow auto or
 * scroll) or clip its content with overflow hidden. Editor panels are shown where the commands put them,
 * beside the source editor, with the primary side bar closed; the side panel keeps its side bar.
 * One server and one browser for the file.
 * Run: `npm run build && node --test --test-reporter=spec e2e/panels.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalise, ROOT, sleep } from './rig.mjs';
import {
  assertNoCrash,
  editorTab,
  panelWith,
  quickPickTitled,
  lineCol,
  rigSession,
  stableCount,
  waitFor,
  waitForNote,
} from './steps.mjs';

const WIDTHS = [800, 1400];
const THEMES = [
  ['light', 'Default Light Modern'],
  ['dark', 'Default Dark Modern'],
];

/** @type {import('./rig.mjs').Rig} */
let rig;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/trees.js'];
const { lap, rigTest } = rigSession('panels', needs, (r) => void (rig = r));

/** Overflows found, by panel, printed once at the end for the record. */
const found = [];
after(() => {
  console.log(`overflow summary:\n${found.length ? found.join('\n') : 'no panel overflows'}`);
});

/**
 * Runs inside a webview document, so it uses nothing from outside itself. `lines`: every visible element that
 * reaches past the document's client width (or left of 0), outside deliberate scroll boxes; SVG text cut off by
 * its own `<svg>`; boxes that clip their content with overflow hidden; one line per outermost offender.
 * `notes`: what is allowed but worth a look (see `notesOn`). `width`: the panel's client width.
 */
function findOverflow() {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const styles = new Map();
  const style = (el) => styles.get(el) ?? styles.set(el, getComputedStyle(el)).get(el);
  const scrolls = (el) => el !== root && el !== document.body && /auto|scroll/.test(style(el).overflowX);
  const inScrollBox = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) if (scrolls(a)) return true;
    return false;
  };
  const clipped = (el) => {
    for (let a = el; a && a instanceof SVGElement; a = a.parentElement) if (a.getAttribute('clip-path')) return true;
    return false;
  };
  const describe = (el) => {
    const cls = (el.getAttribute('class') ?? '').trim().slice(0, 60);
    const text = normaliseText(el.textContent).slice(0, 40);
    const tag = `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls ? ` class="${cls}"` : ''}>`;
    return text ? `${tag} "${text}"` : tag;
  };
  function normaliseText(s) {
    return (s ?? '').replace(/\s+/g, ' ').trim();
  }
  const px = (n) => `${Math.round(n)} px`;
  /**
   * Scroll boxes whose content is wider than they are (a person sees only part of it), and SVG labels that
   * overlap their neighbours (axis ticks too close to read).
   */
  function notesOn() {
    const notes = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.getClientRects().length === 0 || el instanceof SVGElement) continue;
      const s = getComputedStyle(el);
      if (/auto|scroll/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1) {
        notes.push(`${describe(el)} scrolls sideways: ${px(el.scrollWidth)} of content in ${px(el.clientWidth)}`);
      }
    }
    for (const group of document.querySelectorAll('svg g')) {
      const labels = [...group.querySelectorAll(':scope > g > text, :scope > text')]
        .map((t) => t.getBoundingClientRect())
        .filter((r) => r.width > 0)
        .sort((a, b) => a.left - b.left);
      const overlaps = labels.filter(
        (r, i) =>
          i > 0 &&
          r.left < labels[i - 1].right - 1 &&
          r.top < labels[i - 1].bottom - 1 &&
          r.bottom > labels[i - 1].top + 1,
      ).length;
      if (overlaps > 0) notes.push(`${overlaps} labels overlap their neighbour in ${describe(group).slice(0, 80)}`);
    }
    return [...new Set(notes)];
  }
  const hits = new Map();
  for (const el of document.body.querySelectorAll('*')) {
    if (el.getClientRects().length === 0 || style(el).visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const svg = el instanceof SVGElement ? el.ownerSVGElement : null;
    if (svg) {
      if (el.tagName !== 'text' || clipped(el)) continue;
      let top = svg;
      while (top.ownerSVGElement) top = top.ownerSVGElement;
      const b = top.getBoundingClientRect();
      const cut = Math.max(r.right - b.right, b.left - r.left);
      if (cut > 1 && b.right <= limit + 1) hits.set(el, `is cut off by its <svg> by ${px(cut)}`);
      continue;
    }
    if (inScrollBox(el)) continue;
    const over = Math.max(r.right - limit, -r.left);
    if (over > 1) {
      hits.set(el, `reaches ${px(over)} past the panel (${px(r.left)}..${px(r.right)} of ${px(limit)})`);
      continue;
    }
    const s = style(el);
    if (/hidden|clip/.test(s.overflowX) && s.textOverflow !== 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      hits.set(el, `clips ${px(el.scrollWidth - el.clientWidth)} of its content (overflow ${s.overflowX})`);
    }
  }
  const lines = [];
  for (const [el, what] of hits) {
    let a = el.parentElement;
    while (a && !hits.has(a)) a = a.parentElement;
    if (a) continue; // an ancestor is reported already
    const inside = [...hits.keys()].filter((d) => d !== el && el.contains(d)).length;
    lines.push(`${describe(el)} ${what}${inside ? ` (with ${inside} elements inside it)` : ''}`);
  }
  if (root.scrollWidth > limit + 1) lines.unshift(`the page scrolls sideways by ${px(root.scrollWidth - limit)}`);
  return { width: limit, lines, notes: notesOn() };
}

/** Screenshots each page of the panel's document (at most 4), scrolling down; back at the top after. */
async function shootPages(frame, name) {
  const pages = await frame
    .locator('body')
    .evaluate(() => Math.ceil(document.documentElement.scrollHeight / document.documentElement.clientHeight));
  const files = [];
  for (let i = 0; i < Math.min(pages, 4); i++) {
    await frame
      .locator('body')
      .evaluate(
        (el, k) => el.ownerDocument.defaultView.scrollTo(0, k * el.ownerDocument.documentElement.clientHeight),
        i,
      );
    await sleep(200);
    files.push(await rig.screenshot(i === 0 ? name : `${name}-p${i + 1}`));
  }
  await frame.locator('body').evaluate((el) => el.ownerDocument.defaultView.scrollTo(0, 0));
  return files;
}

/**
 * Screenshots the panel in `frame` at every width and theme, and returns the overflow messages
 * (`panel at W px (panel P px), theme: …`).
 */
async function shootPanel(name, frame) {
  const problems = [];
  for (const [themeName, theme] of THEMES) {
    await rig.setColorTheme(theme);
    for (const width of WIDTHS) {
      await rig.setViewport(width);
      await sleep(700);
      const files = await shootPages(frame, `panel-${name}-${width}-${themeName}`);
      const { width: panelWidth, lines, notes } = await frame.locator('body').evaluate(findOverflow);
      lap(`${name} ${width} px ${themeName}: panel ${panelWidth} px, ${lines.length} overflow(s); ${files.join(', ')}`);
      for (const n of notes) lap(`  note: ${n}`);
      if (themeName === 'light') found.push(...notes.map((n) => `${name} at ${width} px: note: ${n}`));
      const where = `${name} at ${width} px (panel ${panelWidth} px), ${themeName}`;
      for (const l of lines.slice(0, 8)) problems.push(`${where}: ${l}`);
      if (lines.length > 8) problems.push(`${name} at ${width} px, ${themeName}: … and ${lines.length - 8} more`);
    }
  }
  await rig.setViewport(1400);
  found.push(...(problems.length ? problems : [`${name}: fits`]));
  return problems;
}

/** Fails with every overflow of a panel, one per line. */
function assertFits(name, problems) {
  assert.deepEqual(problems, [], `${name} overflows its panel:\n${problems.join('\n')}`);
}

/** Closes every editor and the primary side bar, so that the next panel opens beside one editor. */
async function freshEditors() {
  await rig.runCommand('View: Close All Editors');
  // The command is listed only while the side bar shows.
  if (await rig.page.locator('.part.sidebar').isVisible()) await rig.runCommand('View: Close Primary Side Bar');
}

/** Waits until `locator`'s text matches `pattern`; returns the text. */
async function waitText(locator, pattern, timeout, what) {
  let text = '';
  await waitFor(
    async () => {
      await assertNoCrash(rig);
      text = normalise(await locator.textContent({ timeout: 2_000 }).catch(() => ''));
      return pattern.test(text);
    },
    timeout,
    () => `${what} never matched ${pattern} (last text: "${text}")`,
  );
  return text;
}

/** Picks the quick-pick row labelled `label`. */
async function pick(label) {
  const row = rig.quickInputRow(label);
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

rigTest('the walkthrough opens the sample, places the cursor, and its steps render', async () => {
  await rig.runCommand('Welcome: Open Walkthrough...');
  await pick('Get Started with Model Lens');
  const page = rig.page.locator('.gettingStartedContainer');
  await page.locator('.getting-started-step', { hasText: 'Open the sample file' }).waitFor({ timeout: 15_000 });
  await rig.screenshot('walkthrough-1400-dark');
  await page.getByRole('button', { name: 'Open Sample File', exact: true }).click();
  await editorTab(rig, 'sample.py').first().waitFor({ timeout: 15_000 });
  const sample = fs.readFileSync(path.join(ROOT, 'media', 'sample.py'), 'utf8');
  const at = lineCol(sample, sample.indexOf('read_orders(ORDER_LOG)') + 'read_orders(ORDER_'.length);
  await page.locator('.getting-started-step', { hasText: 'See what the model looked at' }).click();
  await page.getByRole('button', { name: 'Place the Cursor', exact: true }).click();
  await waitFor(
    async () => (await rig.cursorStatus()) === `Ln ${at.line}, Col ${at.column}`,
    15_000,
    async () => `Place the Cursor left the cursor at "${await rig.cursorStatus()}", not ${at.line}:${at.column}`,
  );
  await rig.screenshot('walkthrough-dependencies-1400-dark');
  await assertNoCrash(rig);
  await rig.runCommand('View: Close All Editors');
});

rigTest('side panel after surprisal of sample.ts', async () => {
  await rig.openFile('sample.ts');
  await rig.runCommand('Model Lens: Analyse Surprisal of Current File');
  const frame = rig.webviewFrame();
  await frame.locator('svg#surprisal-chart').waitFor({ timeout: 120_000 });
  lap(`side panel: "${await waitText(frame.locator('#summary'), /bits\/byte/, 120_000, 'side panel #summary')}"`);
  await rig.openViewContainer('Model Lens');
  assertFits('side panel', await shootPanel('side', frame));
});

rigTest('attention-sparsity map of sample.ts', async () => {
  await freshEditors();
  await rig.openFile('sample.ts');
  await rig.goToLine(39, 25);
  await rig.runCommand('Model Lens: Show Attention-Sparsity Map');
  await editorTab(rig, 'Attention-Sparsity Map').first().waitFor({ timeout: 120_000 });
  const frame = await panelWith(rig, 'canvas#map-canvas');
  lap(`map: "${await waitText(frame.locator('#summary'), /mean k/, 180_000, 'map #summary')}"`);
  assertFits('attention-sparsity map', await shootPanel('sparsity', frame));
});

rigTest('decision-tree trace at sample.ts 16:8', async () => {
  await freshEditors();
  await rig.openFile('trees/corpus.txt');
  await rig.runCommand('Model Lens: Train Decision-Tree LM');
  await pick('Current file');
  lap(`trained: "${await waitForNote(rig, /trained a cart tree LM/, 180_000)}"`);
  await rig.clearNotifications();
  await rig.openFile('sample.ts');
  await rig.goToLine(16, 8);
  await rig.runCommand('Model Lens: Trace Prediction at Cursor');
  await editorTab(rig, 'Decision-Tree Trace').first().waitFor({ timeout: 60_000 });
  const frame = await panelWith(rig, 'svg.tree-diagram');
  lap(`trace: "${await waitText(frame.locator('#summary'), /replay/, 60_000, 'trace #summary')}"`);
  assertFits('decision-tree trace', await shootPanel('trace', frame));
});

rigTest('position IDs of 48213+9077=', async () => {
  await freshEditors();
  await rig.openFile('problems.txt');
  await rig.goToLine(1, 1);
  await rig.runCommand('Model Lens: Show Position IDs');
  await editorTab(rig, 'Position IDs').first().waitFor({ timeout: 60_000 });
  const frame = await panelWith(rig, '#ids');
  await stableCount(frame.locator('#ids tr td.token'), { min: 5, timeout: 60_000 });
  lap(`positions: "${normalise(await frame.locator('#summary').innerText())}"`);
  assertFits('position IDs', await shootPanel('positions', frame));
});

rigTest(
  'LoRA composition of the zoo adapters',
  async () => {
    await freshEditors();
    await rig.openFile('sample.ts');
    await rig.runCommand('Model Lens: Compose LoRAs…');
    // Accept each quick pick's defaults, as lora.e2e.test.mjs does.
    for (const title of [/adapters to compose/, /data/, /merge methods/, /target task/]) {
      const qi = await quickPickTitled(rig, title, 60_000);
      await qi.locator('input').first().press('Enter');
    }
    // Composing (CAT learns its weights) takes minutes on a busy machine.
    await editorTab(rig, 'LoRA Composition').first().waitFor({ timeout: 540_000 });
    const frame = await panelWith(rig, '#scores');
    await stableCount(frame.locator('#scores tbody tr'), { min: 8, timeout: 60_000 });
    lap(`lora: "${normalise(await frame.locator('#summary').innerText())}"`);
    assertFits('LoRA composition', await shootPanel('lora', frame));
  },
  { timeout: 660_000 },
);

rigTest(
  'length-generalization probe (addition, up to 30 digits, 8 samples)',
  async () => {
    await freshEditors();
    await rig.openFile('problems.txt');
    await rig.runCommand('Model Lens: Length Generalization Probe');
    await pick('addition');
    await pick('Random problems');
    for (const value of ['30', '8']) {
      const input = rig.quickInput().locator('input').first();
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(value);
      await input.press('Enter');
    }
    const frame = await panelWith(rig, '#probe-section:not([hidden])', 540_000);
    await stableCount(frame.locator('#probe g.curve'), { min: 3, timeout: 10_000 });
    assertFits('length-generalization probe', await shootPanel('probe', frame));
  },
  { timeout: 600_000 },
);
