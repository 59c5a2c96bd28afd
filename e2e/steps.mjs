/**
 * @file Steps and checks the end-to-end test files share: one rig per file, polling, stable element counts, file
 * digests, line and column of an offset, and notifications that mean something broke.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { EXTENSION_DIR, normalise, ROOT, sleep, startRig } from './rig.mjs';

/** The test fixtures, copied as each test file's workspace. */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

/** Notifications that mean the extension host or the engine broke. */
export const CRASH = /terminated unexpectedly|stopped unexpectedly|crashed|engine died|not found/i;

/** sha256 of a file, hex. */
export const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Polls `check` until it returns a truthy value, which it returns; throws `message()` after `timeout` ms. */
export async function waitFor(check, timeout, message) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(typeof message === 'function' ? await message() : message);
    await sleep(250);
  }
}

/** Waits until `locator` matches at least `min` elements and the count is stable; returns it. */
export async function stableCount(locator, { min = 1, timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  let prev = -1;
  while (Date.now() < deadline) {
    const n = await locator.count();
    if (n >= min && n === prev) return n;
    prev = n;
    await sleep(400);
  }
  throw new Error(`expected at least ${min} of ${locator}, found ${prev}`);
}

/** 1-based line and column of the UTF-16 `offset` in `text` (what `document.positionAt` gives, +1). */
export function lineCol(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Fails if any notification of `rig` says the extension host or the engine broke. */
export async function assertNoCrash(rig) {
  const crashes = (await rig.notifications()).filter((n) => CRASH.test(n));
  assert.deepEqual(crashes, [], 'error notifications');
}

/**
 * Waits for a notification matching `pattern` like `rig.waitForNotification`, but fails at once
 * when a notification says the extension host or the engine broke.
 */
export async function waitForNote(rig, pattern, timeout = 60_000) {
  let seen = [];
  const hit = () => seen.find((n) => (typeof pattern === 'string' ? n.includes(pattern) : pattern.test(n)));
  await waitFor(
    async () => {
      seen = await rig.notifications();
      if (hit()) return true;
      const crash = seen.find((n) => CRASH.test(n));
      if (crash) throw new Error(`waiting for a notification matching ${pattern}, got an error instead: "${crash}"`);
      return false;
    },
    timeout,
    () => `no notification matching ${pattern} within ${timeout} ms (shown: ${JSON.stringify(seen)})`,
  );
  return hit();
}

/** `{ relative path: sha256 }` of every file under `dir`. */
export function hashTree(dir) {
  const out = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    out[path.relative(dir, file)] = sha256(file);
  }
  return out;
}

/**
 * One code-server and one browser for a test file. Before its tests: checks that the built files
 * `needs` exist, starts the rig on a copy of test/fixtures (with the TypeScript service reduced to
 * syntax, which adds only CPU load and hovers of its own; `settings` adds user settings, `workspaceTrust` keeps
 * VS Code's workspace trust on) and hands it to `use`, whose
 * string, if any, is logged. After them: a screenshot `<name>-end` and disposal. Returns `lap(label)`, which
 * logs `label` with the seconds since the file started, and `rigTest(name, fn, {timeout})`, a test (of at most
 * `timeout` ms, five minutes unless given) that runs `fn(t)` and, when it fails, keeps a screenshot and the logs under
 * `<name>-<the test name's first words>`.
 */
export function rigSession(name, needs, use, { settings = {}, workspaceTrust = false } = {}) {
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const lap = (label) => console.log(`[${seconds()} s] ${label}`);
  let rig;
  before(async () => {
    for (const f of needs) {
      assert.ok(fs.existsSync(path.join(EXTENSION_DIR, f)), `${f} is missing: run \`npm run build\` first`);
    }
    rig = await startRig({
      copyWorkspace: FIXTURES,
      workspaceTrust,
      settings: { 'typescript.tsserver.useSyntaxServer': 'always', 'typescript.validate.enable': false, ...settings },
    });
    lap(`workbench ready${(await use(rig)) ?? ''}`);
  });
  after(async () => {
    if (!rig) return;
    await rig.screenshot(`${name}-end`).catch(() => {});
    await rig.dispose();
    console.log(`${name} e2e duration: ${seconds()} s`);
  });
  const rigTest = (testName, fn, { timeout = 300_000 } = {}) => {
    const label = `${name}-${testName.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40)}`.replace(/-+$/, '');
    return test(testName, { timeout }, (t) => rig.captureFailure(label, () => fn(t)));
  };
  return { lap, rigTest };
}

/** Fails if `file` no longer has the sha256 `digest`, an editor became dirty, or the host or engine broke. */
export async function assertUntouched(rig, file, digest) {
  assert.equal(sha256(file), digest, `${path.basename(file)} changed on disk`);
  assert.equal(await rig.page.locator('.editor-group-container .tab.dirty').count(), 0, 'an editor became dirty');
  await assertNoCrash(rig);
}

/** The editor tab titled exactly `title` (a webview panel's, say). */
export function editorTab(rig, title) {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return rig.page.locator('.editor-group-container .tab', {
    has: rig.page.locator('.label-name', { hasText: new RegExp(`^${escaped}$`) }),
  });
}

/** UTF-16 offset of the 1-based `line` and `column` in `text` (the inverse of `lineCol`). */
export function offsetOf(text, line, column) {
  return (
    text
      .split('\n')
      .slice(0, line - 1)
      .join('\n').length +
    (line > 1 ? 1 : 0) +
    column -
    1
  );
}

/** The content frame of the extension's editor panel whose page holds `selector` (several panels may be open). */
export async function panelWith(rig, selector, timeout = 60_000) {
  const outer = rig.page.locator(`iframe.webview.ready[src*="extensionId=${rig.extensionId}"]:not([src*="purpose="])`);
  return waitFor(
    async () => {
      for (let i = 0; i < (await outer.count()); i++) {
        const frame = outer.nth(i).contentFrame().frameLocator('#active-frame');
        if (
          (await frame
            .locator(selector)
            .count()
            .catch(() => 0)) > 0
        )
          return frame;
      }
      await assertNoCrash(rig);
      return undefined;
    },
    timeout,
    `no editor panel shows ${selector}`,
  );
}

/** Waits for the quick pick titled like `title` to list its rows; returns the quick input. */
export async function quickPickTitled(rig, title, timeout = 30_000) {
  const qi = rig.quickInput();
  const titleText = () =>
    qi
      .locator('.quick-input-title')
      .innerText()
      .catch(() => '');
  await waitFor(
    async () => title.test(normalise(await titleText())),
    timeout,
    () => `no quick pick titled ${title}`,
  );
  await stableCount(qi.locator('.quick-input-list .monaco-list-row'), { min: 1, timeout: 10_000 });
  return qi;
}

/**
 * Clicks the first row of the quick input `qi` whose label matches `label` (text or RegExp).
 * @param {import('./rig.mjs').Rig} rig
 * @param {import('playwright').Locator} qi the quick input, e.g. from {@link quickPickTitled}.
 * @param {string | RegExp} label
 */
export async function pickRow(rig, qi, label) {
  const row = qi
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: rig.page.locator('.label-name', { hasText: label }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/**
 * What of the page in `frame` reaches past the panel's right edge by more than `slack` px: the page's own sideways
 * scroll, and each element matched by `within` (none when null) outside a box matched by `scrollBoxes` (such a box
 * may scroll inside; it must fit itself). Returns the panel's width and one line per offender.
 */
export async function pastRightEdge(frame, { within = 'body *', scrollBoxes = null, slack = 1 } = {}) {
  return frame.locator('html').evaluate(
    (html, { within, scrollBoxes, slack }) => {
      const width = html.clientWidth;
      const out = html.scrollWidth > width + slack ? [`page ${html.scrollWidth} px wide in ${width} px`] : [];
      for (const el of within === null ? [] : html.querySelectorAll(within)) {
        const box = scrollBoxes === null ? null : el.closest(scrollBoxes);
        if (box !== null && box !== el) continue;
        const r = el.getBoundingClientRect();
        const name = `${el.tagName.toLowerCase()}#${el.id}.${el.getAttribute('class') ?? ''}`;
        if (r.width > 0 && r.right > width + slack) out.push(`${name} ends at ${Math.round(r.right)} px`);
      }
      return { width, out };
    },
    { within, scrollBoxes, slack },
  );
}

/**
 * Screenshots of the panel titled `tab` at 800 px wide (its top, then each section id scrolled into view) with the
 * other editors and the side bar closed; asserts nothing is wider than the panel (`scrollBoxes` may scroll inside).
 * Returns the panel's frame (found by `frameSelector`) and the screenshots' paths; the viewport is restored.
 */
export async function shootAt800(rig, { tab, frameSelector, prefix, sections, scrollBoxes = '.scroll-box' }) {
  await editorTab(rig, tab).first().click();
  await rig.runCommand('View: Close Editors in Other Groups');
  if (await rig.hasCommand('View: Close Primary Side Bar')) await rig.runCommand('View: Close Primary Side Bar');
  await rig.page.setViewportSize({ width: 800, height: 900 });
  await sleep(1_500);
  const frame = await panelWith(rig, frameSelector);
  const shots = [await rig.screenshot(`${prefix}-800`)];
  for (const id of sections) {
    await frame.locator(`#${id}`).scrollIntoViewIfNeeded();
    await sleep(500);
    shots.push(await rig.screenshot(`${prefix}-800-${id}`));
  }
  const over = (await pastRightEdge(frame, { scrollBoxes })).out;
  assert.deepEqual(over, [], `elements wider than the panel at 800 px: ${JSON.stringify(over)}`);
  await rig.page.setViewportSize({ width: 1400, height: 900 });
  return { frame, shots };
}

/**
 * The hover on the token whose dependencies are shown (its decoration is the one boxed with a 2px solid border),
 * once its text matches `contains`; the box is looked up afresh on every try, since the marks are redrawn when a
 * second method's result arrives.
 */
export function targetHover(rig, contains, timeout, message) {
  const decorations = rig.extensionDecorations();
  const boxed = () =>
    decorations.evaluateAll((els) =>
      els.findIndex(
        (e) => getComputedStyle(e).borderTopWidth === '2px' && getComputedStyle(e).borderTopStyle === 'solid',
      ),
    );
  return waitFor(
    async () => {
      const i = await boxed();
      if (i < 0) return undefined;
      return rig.hoverText(decorations.nth(i), { contains, timeout: 10_000 }).catch(() => undefined);
    },
    timeout,
    message,
  );
}
