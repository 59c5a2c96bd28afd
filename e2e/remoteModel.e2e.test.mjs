/**
 * @file End-to-end test of the remote backend in a real VS Code (code-server): `modelLens.model` names the loopback
 * test server (test/remoteServer.ts, run as its own process over lens-lm, asking for a key). Surprisal without a key
 * fails with a one-line message; "Set Remote Model API Key" takes the key in a password box; surprisal then shows
 * the same bits per byte as the CLI on the local model, and the engine log never carries the key. A screenshot of
 * the side panel at 800 px. Then Show Token Dependencies: ablation only, each copy scored by the server, the hover
 * naming its measure (the change in the actual token's surprisal).
 * Run: `npm run build && node --test e2e/remoteModel.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { EXTENSION_DIR, ROOT, normalise, sleep, startRig } from './rig.mjs';
import { FIXTURES, assertNoCrash, targetHover, waitFor } from './steps.mjs';

const KEY = 'sk-e2e-8c2f40d1';
const ANALYSE = 'Model Lens: Analyse Surprisal of Current File';
const BITS_PER_BYTE = /(\d+\.\d{3}) bits\/byte/;

/** @type {import('./rig.mjs').Rig} */
let rig;
/** @type {import('node:child_process').ChildProcess} */
let server;

/** Starts the loopback test server as its own process; resolves with its API base URL. */
function startServer() {
  server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'remoteServer.ts'), 'lens-lm'], {
    cwd: ROOT,
    env: { ...process.env, MODEL_LENS_TEST_SERVER_KEY: KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d.toString();
      const url = /Test server at (\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    server.on('exit', (code) => reject(new Error(`the test server exited (${code}) before it listened`)));
  });
}

before(async () => {
  const url = await startServer();
  rig = await startRig({
    copyWorkspace: FIXTURES,
    settings: {
      'typescript.tsserver.useSyntaxServer': 'always',
      'typescript.validate.enable': false,
      'modelLens.model': `openai:${url}#lens-lm`,
    },
  });
});
after(async () => {
  if (rig) {
    await rig.screenshot('remote-end').catch(() => {});
    await rig.dispose();
  }
  server?.kill('SIGTERM');
});

/** The side panel's summary once it shows bits per byte. */
async function summaryText(timeout = 120_000) {
  const summary = rig.webviewFrame().locator('#summary');
  let text = '';
  await waitFor(
    async () => BITS_PER_BYTE.test((text = normalise(await summary.textContent({ timeout: 2_000 }).catch(() => '')))),
    timeout,
    () => `panel #summary never showed bits/byte (last text: "${text}")`,
  );
  return text;
}

test('a remote model: refused without its key, then the local numbers once the key is set', { timeout: 400_000 }, () =>
  rig.captureFailure('remote-model', async () => {
    await rig.openFile('sample.ts');
    await rig.runCommand(ANALYSE);
    const refusal = await rig.waitForNotification(/refused the API key \(HTTP 401\)/, { timeout: 90_000 });
    assert.match(refusal, /Set Remote Model API Key/);
    await rig.clearNotifications();

    await rig.runCommand('Model Lens: Set Remote Model API Key');
    const input = rig.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await input.getAttribute('type'), 'password', 'the key is typed in a password box');
    await input.fill(KEY);
    await rig.page.keyboard.press('Enter');
    await sleep(1_000);

    await rig.openFile('sample.ts');
    await rig.runCommand(ANALYSE);
    const remote = Number(BITS_PER_BYTE.exec(await summaryText())?.[1]);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(EXTENSION_DIR, 'dist', 'cli.js'), 'surprisal', path.join(FIXTURES, 'sample.ts'), '--json'],
      { cwd: EXTENSION_DIR, maxBuffer: 64 << 20, timeout: 120_000 },
    );
    assert.equal(remote.toFixed(3), JSON.parse(stdout).bitsPerByte.toFixed(3), 'remote and local bits per byte');
    assert.ok(!(await rig.outputChannelText('Model Lens')).includes(KEY), 'the engine log does not carry the key');
    await assertNoCrash(rig);

    await rig.page.setViewportSize({ width: 800, height: 900 });
    await sleep(1_500);
    await rig.screenshot('remote-800');
    await rig.page.setViewportSize({ width: 1400, height: 900 });
  }),
);

test(
  'Show Token Dependencies on a remote model: ablation scored by the server, its measure named',
  { timeout: 400_000 },
  () =>
    rig.captureFailure('remote-dependencies', async () => {
      await rig.clearNotifications();
      await rig.openFile('sample.ts');
      await rig.goToLine(3, 10);
      await rig.runCommand('Model Lens: Show Token Dependencies');
      const hover = await targetHover(
        rig,
        /By ablation[\s\S]*change in the actual next token's surprisal/,
        240_000,
        'no hover with the remote ablation on the target token',
      );
      console.log(`hover: "${hover}"`);
      assert.doesNotMatch(hover, /By attention/, 'a remote model gives no attentions');
      assert.ok(!(await rig.outputChannelText('Model Lens')).includes(KEY), 'the engine log does not carry the key');
      await assertNoCrash(rig);
      await rig.screenshot('remote-dependencies');
    }),
);
