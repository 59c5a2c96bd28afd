import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNonce, webviewHtml } from '../../../src/host/views/webviewHtml';
import { SURPRISAL_BODY } from '../../../webview/surprisal/body';

const opts = {
  cspSource: 'vscode-webview://abc123',
  scriptUri: 'vscode-webview://abc123/dist/webview/surprisal.js',
  styleUri: 'vscode-webview://abc123/dist/webview/surprisal.css',
  nonce: 'n0nceN0nceN0nce12345',
  title: 'Surprisal <of> "x"',
  body: SURPRISAL_BODY,
};

function csp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m?.[1], 'CSP meta tag present');
  return m[1];
}

test('webview CSP is strict: nothing by default, scripts only with the nonce', () => {
  const policy = csp(webviewHtml(opts));
  assert.equal(
    policy,
    "default-src 'none'; img-src vscode-webview://abc123 data: blob:; style-src vscode-webview://abc123; " +
      "script-src 'nonce-n0nceN0nceN0nce12345'; font-src vscode-webview://abc123",
  );
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
});

test('every script carries the nonce and loads from the given URI', () => {
  const html = webviewHtml(opts);
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  assert.equal(scripts.length, 1);
  assert.equal(scripts[0], `<script nonce="${opts.nonce}" src="${opts.scriptUri}">`);
  assert.match(html, new RegExp(`<link rel="stylesheet" href="${opts.styleUri}">`));
  assert.doesNotMatch(html, /<style\b/i, 'no inline styles: the CSP would block them');
});

test('no http: or https: URLs beyond what the host passes in', () => {
  assert.doesNotMatch(webviewHtml(opts), /https?:/i);
  const real = webviewHtml({ ...opts, cspSource: 'https://*.vscode-cdn.net' });
  const urls = real.match(/https?:[^\s"';]*/gi) ?? [];
  assert.deepEqual([...new Set(urls)], ['https://*.vscode-cdn.net']);
});

test('attribute values and the title are escaped, so a URI cannot break out', () => {
  const html = webviewHtml({ ...opts, scriptUri: 'x"><script>alert(1)</script>', title: '</title><script>' });
  assert.equal(html.match(/<script\b/gi)?.length, 1);
  assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;<\/title>/);
});

test('the view containers are in the body', () => {
  const html = webviewHtml(opts);
  for (const id of ['summary', 'status', 'surprisal-chart', 'token-text', 'tooltip', 'toolbar']) {
    assert.match(html, new RegExp(`id="${id}"`));
  }
});

test('makeNonce is random and CSP-safe', () => {
  const a = makeNonce();
  const b = makeNonce();
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9+/]{24}$/);
});
