/**
 * @file End-to-end harness: a real VS Code (code-server 4.100.3 = VS Code 1.100) with the extension
 * installed from a fresh profile, driven by Debian's chromium through playwright-core.
 * Install the rig first with `sh e2e/vscode-rig/setup.sh` (it explains each step).
 *
 * Typical use in a `node:test` file:
 *   const rig = await startRig({ copyWorkspace: 'test/fixtures' });
 *   await rig.openFile('sample.ts');
 *   await rig.runCommand('Model Lens: Analyse Surprisal of Current File');
 *   ...
 *   await rig.dispose();
 *
 * Environment: E2E_KEEP_RUN=1 keeps the run folder (profile, logs, workspace copy) after teardown;
 * E2E_HEADED=1 shows the browser (needs a display); E2E_EXTENSION=<dir> tests another build of
 * the extension instead of the project root.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the project (the folder holding the extension's package.json). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The e2e folder. */
export const E2E_DIR = path.join(ROOT, 'e2e');
/** Where the rig's own node_modules (code-server, playwright-core) live. */
export const RIG_DIR = path.join(E2E_DIR, 'vscode-rig');
/** Screenshots and logs of e2e runs land here (git-ignored). */
export const ARTIFACTS_DIR = path.join(E2E_DIR, 'artifacts');
/** The extension under test: `E2E_EXTENSION` if set, otherwise the project root. */
export const EXTENSION_DIR = path.resolve(process.env.E2E_EXTENSION || ROOT);

const CODE_SERVER = path.join(RIG_DIR, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

/** Default user settings of the fresh profile: quiet, offline, no welcome page. */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
};

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Collapses every run of whitespace (Monaco renders spaces as U+00A0) into one plain space. */
export const normalise = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Returns a TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Loads playwright-core from the rig's node_modules (it is not a dependency of the extension). */
function loadPlaywright() {
  const req = createRequire(path.join(RIG_DIR, 'package.json'));
  try {
    return req('playwright-core');
  } catch (err) {
    throw new Error(`playwright-core is not installed: run \`sh e2e/vscode-rig/setup.sh\` first (${err.message})`, {
      cause: err,
    });
  }
}

/** `GET url` without keep-alive (a pooled socket would hold the test process open); resolves to the status. */
function httpStatus(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Polls `GET url` until it answers 200, or throws after `timeoutMs`. */
async function waitForHttp(url, timeoutMs, isAlive) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`code-server exited before ${url} answered`);
    try {
      const status = await httpStatus(url);
      if (status === 200) return;
      last = `HTTP ${status}`;
    } catch (err) {
      last = err.code ?? err.message;
    }
    await sleep(150);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})`);
}

/** Escapes a string for use inside a RegExp. */
const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Starts code-server with a fresh profile holding only the extension under test, opens the
 * workspace in headless chromium and waits for the workbench. Always pair with `rig.dispose()`.
 * @param {object} [opts]
 * @param {string} [opts.workspace] folder to open as is.
 * @param {string} [opts.copyWorkspace] folder (absolute or relative to the project root) to copy
 *   into the run folder and open instead, so that no user file is touched.
 * @param {string} [opts.extensionDir] extension to install (default {@link EXTENSION_DIR}).
 * @param {Record<string, unknown>} [opts.settings] user settings added to the quiet defaults.
 * @param {string[]} [opts.extraArgs] more code-server arguments (4.100.3 has no `--disable-extension`;
 *   turn built-ins down through `settings` instead).
 * @param {{width:number,height:number}} [opts.viewport] browser viewport (default 1400×900).
 * @param {boolean} [opts.workspaceTrust] keep VS Code's workspace trust on (default off: every folder is trusted);
 *   with `security.workspace.trust.enabled` and `startupPrompt: 'never'` in `settings`, the folder opens restricted.
 * @returns {Promise<Rig>}
 */
export async function startRig(opts = {}) {
  const rig = new Rig(opts);
  try {
    await rig._start();
  } catch (err) {
    await rig.saveFailure('startup').catch(() => {});
    await rig.dispose();
    throw err;
  }
  return rig;
}

/** A running code-server + chromium pair; create it with {@link startRig}. */
export class Rig {
  /** @param {object} opts see {@link startRig} */
  constructor(opts) {
    this.opts = opts;
    this.extensionDir = path.resolve(opts.extensionDir ?? EXTENSION_DIR);
    const pkg = JSON.parse(fs.readFileSync(path.join(this.extensionDir, 'package.json'), 'utf8'));
    /** `publisher.name` of the extension under test, as VS Code spells it. */
    this.extensionId = `${pkg.publisher}.${pkg.name}`;
    this.extensionVersion = pkg.version;
    /** Run folder: profile, extensions, HOME, TMPDIR, logs and the workspace copy. */
    // Outside the project, so `node --test` never walks into it (it links back to the project).
    this.runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-lens-e2e-'));
    /** Folder opened in VS Code. */
    this.workspace = opts.workspace ? path.resolve(opts.workspace) : undefined;
    /** @type {import('playwright-core').Browser | undefined} */
    this.browser = undefined;
    /** @type {import('playwright-core').Page} */
    this.page = undefined;
    this.server = undefined;
    this.port = undefined;
    this.serverLog = path.join(this.runDir, 'server.log');
    /** Lines the browser console printed (all frames, webviews included), for failure reports. */
    this.consoleLines = [];
    this._exitHandler = () => this._killServer('SIGKILL');
  }

  async _start() {
    const d = (name) => {
      const p = path.join(this.runDir, name);
      fs.mkdirSync(p, { recursive: true });
      return p;
    };
    const ud = d('user-data');
    const exts = d('extensions');
    const home = d('home');
    const tmp = d('tmp');
    d('home/.config');
    d('home/.local/share');
    if (!this.workspace) {
      this.workspace = d('workspace');
      if (this.opts.copyWorkspace) {
        fs.cpSync(path.resolve(ROOT, this.opts.copyWorkspace), this.workspace, { recursive: true });
      }
    }
    // A folder named publisher.name-version in a fresh extensions dir is picked up on first start.
    fs.symlinkSync(this.extensionDir, path.join(exts, `${this.extensionId}-${this.extensionVersion}`), 'dir');
    fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(ud, 'User', 'settings.json'),
      JSON.stringify({ ...BASE_SETTINGS, ...this.opts.settings }, null, 2),
    );

    if (!fs.existsSync(CODE_SERVER)) {
      throw new Error(`code-server is not installed: run \`sh e2e/vscode-rig/setup.sh\` first`);
    }
    this.port = await freePort();
    const config = path.join(this.runDir, 'config.yaml');
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${this.port}\nauth: none\ncert: false\n`);
    const env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local/share'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      TMPDIR: tmp,
    };
    delete env.VSCODE_IPC_HOOK_CLI;
    const args = [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${this.port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(this.opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--user-data-dir',
      ud,
      '--extensions-dir',
      exts,
      '--config',
      config,
      ...(this.opts.extraArgs ?? []),
      this.workspace,
    ];
    const log = fs.openSync(this.serverLog, 'a');
    // detached: code-server gets its own process group, so teardown can kill all its children.
    this.server = spawn(CODE_SERVER, args, { env, detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.serverExited = false;
    this.server.on('exit', () => (this.serverExited = true));
    process.on('exit', this._exitHandler);
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    await waitForHttp(`${this.baseUrl}/healthz`, 30_000, () => !this.serverExited);

    const { chromium } = loadPlaywright();
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: !process.env.E2E_HEADED,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        TMPDIR: tmp,
      },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    const context = await this.browser.newContext({ viewport: this.opts.viewport ?? { width: 1400, height: 900 } });
    // code-server registers a PWA service worker at scope "/", which also takes control of the
    // same-origin webview frames; each webview then waits for VS Code's own worker to take over
    // ("Found unexpected service worker controller"). Skip that worker so webviews load at once.
    await context.addInitScript(() => {
      const sw = globalThis.navigator?.serviceWorker;
      if (!sw) return;
      const register = sw.register.bind(sw);
      sw.register = (url, options) =>
        /\/_static\/out\/browser\/serviceWorker\.js$/.test(String(url))
          ? Promise.reject(new Error('e2e rig: code-server PWA service worker disabled'))
          : register(url, options);
    });
    this.page = await context.newPage();
    this.page.on('console', (m) => {
      if (this.consoleLines.length < 5_000) this.consoleLines.push(`[${m.type()}] ${m.text()}`);
    });
    this.page.on('pageerror', (e) => this.consoleLines.push(`[pageerror] ${e.stack ?? e.message}`));
    await this.page.goto(`${this.baseUrl}/?folder=${encodeURIComponent(this.workspace)}`);
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  }

  /**
   * Opens the command palette (F1), types `title` and runs the command whose label is exactly
   * `title`. Retries until it appears, because extension commands are listed only once the
   * extension host is up.
   * @param {string} title full palette label, e.g. `Model Lens: Analyse Surprisal of Current File`.
   * @param {{timeout?: number}} [opts] give up after this many ms (default 60 000).
   */
  async runCommand(title, { timeout = 60_000 } = {}) {
    const deadline = Date.now() + timeout;
    for (let attempt = 1; ; attempt++) {
      const row = await this._paletteRow(title);
      if (row) {
        await row.click();
        await this.quickInput()
          .waitFor({ state: 'hidden', timeout: 5_000 })
          .catch(() => {});
        return;
      }
      await this.page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`command "${title}" not in the palette after ${attempt} tries`);
      await sleep(1_000);
    }
  }

  /**
   * Whether the palette lists a command labelled exactly `title` (looks once, no retries).
   * @param {string} title full palette label.
   */
  async hasCommand(title) {
    const row = await this._paletteRow(title);
    await this.page.keyboard.press('Escape');
    await this.quickInput()
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => {});
    return Boolean(row);
  }

  /** Opens the palette with `>title` typed; returns the matching row, or undefined. */
  async _paletteRow(title) {
    const input = this.quickInput().locator('input');
    if (!(await input.isVisible())) {
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
      } catch {
        return undefined; // focus was somewhere that swallowed F1: the caller presses Escape and retries
      }
    }
    try {
      await input.fill(`>${title}`, { timeout: 5_000 });
    } catch {
      return undefined; // the palette closed under us (a panel took the focus): the caller retries
    }
    const row = this.quickInputRow(title);
    try {
      await row.waitFor({ state: 'visible', timeout: 2_000 });
      return row;
    } catch {
      return undefined;
    }
  }

  /** The quick input widget (palette, Quick Open, quick picks). */
  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * The first row of the quick input whose label is exactly `label`.
   * @param {string} label
   */
  quickInputRow(label) {
    return this.quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${reEscape(label)}\\s*$`) }) })
      .first();
  }

  /**
   * Opens a workspace file in the editor through Quick Open (Ctrl+P) and waits for its tab.
   * @param {string} name file name (or workspace-relative path) to type.
   */
  async openFile(name) {
    const base = path.basename(name);
    await this.quickOpen(name);
    await this.activeTab(base).waitFor({ timeout: 15_000 });
    await this.activeEditor().locator('.view-lines').waitFor({ timeout: 15_000 });
  }

  /**
   * Picks a workspace file in Quick Open (Ctrl+P), which opens it in the editor VS Code chooses for it (a custom
   * editor's webview, say); returns without waiting for that editor.
   * @param {string} name file name (or workspace-relative path) to type.
   */
  async quickOpen(name) {
    const base = path.basename(name);
    const input = this.quickInput().locator('input');
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+P');
      const row = this.quickInputRow(base);
      try {
        // An extension that moves the focus (a panel revealed as a run ends) closes Quick Open: then try again.
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(name, { timeout: 5_000 });
        await row.waitFor({ state: 'visible', timeout: 5_000 });
        await row.click();
        break;
      } catch (err) {
        // The file index may still be loading just after start-up.
        if (attempt >= 10) throw new Error(`Quick Open found no "${name}": ${err.message}`, { cause: err });
        await sleep(500);
      }
    }
  }

  /**
   * The active editor tab, optionally required to be labelled `name`.
   * @param {string} [name]
   */
  activeTab(name) {
    const tab = this.page.locator('.editor-group-container.active .tab.active');
    return name
      ? tab.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${reEscape(name)}$`) }) })
      : tab;
  }

  /** The text editor of the active editor group. */
  activeEditor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /**
   * Elements of the active editor drawn for decorations made with
   * `window.createTextEditorDecorationType` (class `cdr ced-<host>-TextEditorDecorationType<N>-<kind>`;
   * background-colour decorations are drawn in `.view-overlays`). Only the visible lines are
   * rendered, so this counts what is on screen.
   */
  extensionDecorations() {
    return this.activeEditor().locator('.view-overlays .cdr[class*="-TextEditorDecorationType"]');
  }

  /**
   * Moves the mouse over `target` (a locator in the editor) and returns the text of the editor
   * hover that appears (whitespace normalised), or throws after `timeout` ms.
   * @param {import('playwright-core').Locator} target
   * @param {{timeout?: number, contains?: string|RegExp}} [opts] wait until the hover text matches.
   */
  async hoverText(target, { timeout = 10_000, contains } = {}) {
    const hover = this.page
      .locator(
        '.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content, .monaco-editor ' +
          '.monaco-hover:not(.hidden) .hover-contents',
      )
      .first();
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      const box = await target.boundingBox();
      if (box) {
        await this.page.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 2);
        await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
      }
      try {
        await hover.waitFor({ state: 'visible', timeout: 2_000 });
        last = normalise(await this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').first().innerText());
        if (!contains || (typeof contains === 'string' ? last.includes(contains) : contains.test(last))) return last;
      } catch {
        /* no hover yet: move again */
      }
      await this.page.mouse.move(2, 2);
      await sleep(300);
    }
    throw new Error(`no editor hover${contains ? ` matching ${contains}` : ''} within ${timeout} ms (last: "${last}")`);
  }

  /**
   * The content frame of a webview (inner `#active-frame` of the `iframe.webview` VS Code makes).
   * VS Code does not put the view id in the DOM, so frames are told apart by extension and purpose.
   * Webview panels have no purpose in their URL: use {@link Rig#webviewPanelFrame} for them.
   * @param {{extensionId?: string, purpose?: 'webviewView'|'customEditor'|'notebookRenderer'}} [opts]
   *   default: this extension's webview views.
   * @returns {import('playwright-core').FrameLocator}
   */
  webviewFrame({ extensionId = this.extensionId, purpose = 'webviewView' } = {}) {
    const sel =
      `iframe.webview.ready[src*="extensionId=${extensionId}"]` + (purpose ? `[src*="purpose=${purpose}"]` : '');
    return this.page.frameLocator(sel).first().frameLocator('#active-frame');
  }

  /**
   * The content frame of an editor-area webview panel (`window.createWebviewPanel`) of the
   * extension. Unlike webview views, panel frames carry no `purpose=` in their URL (VS Code has no
   * `webviewPanel` purpose), so this picks the extension's frames without one. With several
   * panels open, narrow it down by content, e.g. `.locator('#summary')`.
   * @param {{extensionId?: string}} [opts] default: this extension.
   * @returns {import('playwright-core').FrameLocator}
   */
  webviewPanelFrame({ extensionId = this.extensionId } = {}) {
    const sel = `iframe.webview.ready[src*="extensionId=${extensionId}"]:not([src*="purpose="])`;
    return this.page.frameLocator(sel).first().frameLocator('#active-frame');
  }

  /** The status-bar entry that shows the cursor (`Ln 16, Col 8`, `… (3 selected)`). */
  cursorStatusItem() {
    return this.page.locator('.part.statusbar [id="status.editor.selection"]');
  }

  /**
   * Text of the status-bar cursor entry (whitespace normalised), e.g. `Ln 16, Col 8 (2 selected)`;
   * '' when no text editor is active.
   */
  async cursorStatus() {
    return normalise(
      await this.cursorStatusItem()
        .innerText({ timeout: 2_000 })
        .catch(() => ''),
    );
  }

  /**
   * Moves the cursor of the focused text editor to `line`:`column` (1-based, as the status bar
   * counts) through Go to Line (Ctrl+G), and waits until the status bar shows it.
   * @param {number} line
   * @param {number} [column]
   * @param {{timeout?: number}} [opts] give up after this many ms (default 15 000).
   */
  async goToLine(line, column = 1, { timeout = 15_000 } = {}) {
    const want = `Ln ${line}, Col ${column}`;
    const input = this.quickInput().locator('input');
    const deadline = Date.now() + timeout;
    let last = '';
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+G');
      try {
        await input.waitFor({ state: 'visible', timeout: 3_000 });
        await input.fill(`:${line}:${column}`);
        await sleep(150);
        await this.page.keyboard.press('Enter');
        await this.quickInput()
          .waitFor({ state: 'hidden', timeout: 3_000 })
          .catch(() => {});
        for (let i = 0; i < 10; i++) {
          last = await this.cursorStatus();
          if (last === want) return;
          await sleep(100);
        }
      } catch {
        /* focus was where Ctrl+G does nothing: retry */
      }
      if (Date.now() > deadline)
        throw new Error(`Go to Line ${line}:${column} failed after ${attempt} tries (status bar: "${last}")`);
      await sleep(300);
    }
  }

  /**
   * Opens the view container (activity-bar entry) titled `title` and waits for it to show.
   * @param {string} title e.g. `Model Lens`.
   */
  async openViewContainer(title) {
    const item = this.page.locator(`.part.activitybar .action-item a[aria-label^="${title}"]`).first();
    const sidebar = this.page.locator('.part.sidebar .composite.title', { hasText: title });
    if (!(await sidebar.isVisible().catch(() => false))) await item.click();
    await sidebar.waitFor({ timeout: 10_000 });
  }

  /**
   * Texts (whitespace normalised) of the notification toasts shown now, newest last.
   * @returns {Promise<string[]>}
   */
  async notifications() {
    const items = this.page.locator('.notifications-toasts .notification-toast .notification-list-item');
    return (await items.allInnerTexts()).map(normalise);
  }

  /**
   * Waits for a notification toast whose text matches `pattern`; returns its text.
   * @param {string|RegExp} pattern
   * @param {{timeout?: number}} [opts]
   */
  async waitForNotification(pattern, { timeout = 30_000 } = {}) {
    const deadline = Date.now() + timeout;
    const test = (s) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
    let seen = [];
    while (Date.now() < deadline) {
      seen = await this.notifications();
      const hit = seen.find(test);
      if (hit) return hit;
      await sleep(250);
    }
    throw new Error(`no notification matching ${pattern} within ${timeout} ms (shown: ${JSON.stringify(seen)})`);
  }

  /** Closes every notification toast (palette command `Notifications: Clear All Notifications`). */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications', { timeout: 10_000 });
  }

  /**
   * Shows the output channel named `channel` in the panel and returns its visible text
   * (whitespace normalised; Monaco renders only the lines on screen).
   * @param {string} channel name as listed by `Output: Show Output Channels...`.
   */
  async outputChannelText(channel) {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>Output: Show Output Channels...');
    await this.quickInput()
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Output: Show Output Channels' })
      .first()
      .click();
    await sleep(200);
    await input.fill(channel);
    await this.quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${reEscape(channel)}\\s*$`) }) })
      .first()
      .click();
    const lines = this.page.locator('.part.panel .monaco-editor .view-lines').first();
    await lines.waitFor({ timeout: 10_000 });
    await sleep(300);
    return normalise(await lines.innerText());
  }

  /**
   * Switches the colour theme to `theme` through the palette (Preferences: Color Theme) and waits until
   * the workbench shows it (a light theme gives `.monaco-workbench.vs`, a dark one `.vs-dark`). (Writing
   * `workbench.colorTheme` to settings.json while it runs was picked up once, not twice, in code-server 4.100.3.)
   * @param {string} theme e.g. `Default Light Modern`, `Default Dark Modern`.
   * @param {{dark?: boolean, timeout?: number}} [opts] dark: whether it is a dark theme (default: the
   *   name says "Dark").
   */
  async setColorTheme(theme, { dark = /dark/i.test(theme), timeout = 20_000 } = {}) {
    const command = await this._paletteRow('Preferences: Color Theme');
    if (!command) throw new Error('"Preferences: Color Theme" is not in the palette');
    await command.click();
    const input = this.quickInput().locator('input');
    await this.quickInput()
      .locator('input[placeholder*="Color Theme"]')
      .waitFor({ timeout: 5_000 })
      .catch(() => sleep(1_000));
    await input.fill(theme);
    // A theme's row also names its kind ("Light Modern"); "Browse Additional Color Themes..." comes first.
    await this.quickInput()
      .locator('.quick-input-list .monaco-list-row', { hasText: theme })
      .first()
      .click({ timeout: 10_000 });
    await this.page.locator(`.monaco-workbench.${dark ? 'vs-dark' : 'vs'}`).waitFor({ state: 'attached', timeout });
    await sleep(500); // webviews get the new theme's variables a moment later
  }

  /**
   * Resizes the browser window to `width` × `height` and gives the workbench and webviews a moment
   * to lay themselves out again.
   * @param {number} width
   * @param {number} [height] default 900.
   */
  async setViewport(width, height = 900) {
    await this.page.setViewportSize({ width, height });
    await sleep(800);
  }

  /**
   * Saves a full-page screenshot as `e2e/artifacts/<name>.png`; returns its path.
   * @param {string} name file name without extension.
   */
  async screenshot(name) {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    if (this.page) await this.page.screenshot({ path: file, timeout: 10_000 });
    return file;
  }

  /**
   * Saves what helps to debug a failure into e2e/artifacts/: a screenshot, the code-server log,
   * the VS Code logs of the run (extension host, output channels) and the browser console.
   * @param {string} name prefix of the saved files.
   */
  async saveFailure(name) {
    const safe = name.replace(/[^\w.-]+/g, '_');
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await this.screenshot(`${safe}-failure`).catch((e) => console.error(`screenshot failed: ${e.message}`));
    const logs = path.join(ARTIFACTS_DIR, `${safe}-logs`);
    fs.rmSync(logs, { recursive: true, force: true });
    fs.mkdirSync(logs, { recursive: true });
    if (fs.existsSync(this.serverLog)) fs.copyFileSync(this.serverLog, path.join(logs, 'server.log'));
    const vsLogs = path.join(this.runDir, 'user-data', 'logs');
    if (fs.existsSync(vsLogs)) fs.cpSync(vsLogs, path.join(logs, 'vscode'), { recursive: true });
    fs.writeFileSync(path.join(logs, 'browser-console.log'), this.consoleLines.join('\n') + '\n');
    console.error(
      `e2e failure artifacts: ${path.relative(ROOT, logs)} and ` +
        `${path.relative(ROOT, ARTIFACTS_DIR)}/${safe}-failure.png`,
    );
  }

  /**
   * Runs `fn`; if it throws, saves failure artifacts under `name` and rethrows.
   * @template T
   * @param {string} name
   * @param {() => Promise<T>} fn
   * @returns {Promise<T>}
   */
  async captureFailure(name, fn) {
    try {
      return await fn();
    } catch (err) {
      await this.saveFailure(name).catch(() => {});
      throw err;
    }
  }

  _killServer(signal) {
    if (!this.server || this.serverExited) return;
    try {
      process.kill(-this.server.pid, signal); // the whole process group (extension host, engine…)
    } catch {
      /* already gone */
    }
  }

  /**
   * Closes the browser, kills code-server's process group and removes the run folder
   * (kept when E2E_KEEP_RUN=1). Safe to call twice.
   */
  async dispose() {
    if (this.disposed) return;
    this.disposed = true;
    await this.browser?.close().catch(() => {});
    if (this.server && !this.serverExited) {
      const exited = new Promise((r) => this.server.once('exit', r));
      this._killServer('SIGTERM');
      let timer;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
      clearTimeout(timer);
      this._killServer('SIGKILL');
      // Children that ignored SIGTERM are in the same group: make sure they are gone too.
    }
    try {
      if (this.server) process.kill(-this.server.pid, 'SIGKILL');
    } catch {
      /* group empty */
    }
    process.off('exit', this._exitHandler);
    if (process.env.E2E_KEEP_RUN) console.error(`e2e run folder kept: ${this.runDir}`);
    else fs.rmSync(this.runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
