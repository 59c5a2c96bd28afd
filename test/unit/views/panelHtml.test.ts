import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webviewHtml } from '../../../src/host/views/webviewHtml';
import { TREES_BODY } from '../../../webview/trees/body';
import { SURPRISAL_BODY } from '../../../webview/surprisal/body';

const opts = {
  cspSource: 'vscode-webview://abc123',
  scriptUri: 'vscode-webview://abc123/dist/webview/trees.js',
  styleUri: 'vscode-webview://abc123/dist/webview/trees.css',
  nonce: 'n0nceN0nceN0nce12345',
  title: 'Tree trace <x>',
};

test('the trace panel has the trees body, not the surprisal one', () => {
  const html = webviewHtml({ ...opts, body: TREES_BODY });
  assert.ok(html.includes(TREES_BODY));
  assert.ok(!html.includes(SURPRISAL_BODY));
  for (const id of ['summary', 'status', 'top', 'path-steps', 'trees', 'toolbar']) {
    assert.match(html, new RegExp(`id="${id}"`), `#${id} present`);
  }
  // mountView fills the toolbar with the export buttons: the body leaves it empty.
  assert.match(html, /<div id="toolbar" class="toolbar" role="toolbar" aria-label="[^"]+"><\/div>/u);
});

test("the trace panel keeps the strict page: one nonce'd script, no inline styles", () => {
  const html = webviewHtml({ ...opts, body: TREES_BODY });
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  assert.deepEqual(scripts, [`<script nonce="${opts.nonce}" src="${opts.scriptUri}">`]);
  assert.doesNotMatch(html, /<style\b|\sstyle="/i);
  assert.match(html, /<title>Tree trace &lt;x&gt;<\/title>/);
});
