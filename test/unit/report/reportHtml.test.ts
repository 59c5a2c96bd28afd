import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportHtml, jsonForScript } from '../../../src/core/report/reportHtml';
import { SURPRISAL_BODY } from '../../../webview/surprisal/body';

const script = 'console.log("</script><script>alert(1)</script>");';
const css = 'body { color: red; } /* </style><script>alert(2)</script> */';
const data = {
  type: 'show',
  kind: 'surprisal',
  source: 'evil</script><script>alert(3)</script>.ts',
  result: { tokens: [{ text: '</SCRIPT><!--', start: 0, end: 13, surprisal: 1 }] },
};

function build(): string {
  return reportHtml({ title: 'Report <b>&</b>', script, css, data, body: SURPRISAL_BODY });
}

function csp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m?.[1], 'CSP meta tag present');
  return m[1];
}

function nonceOf(policy: string): string {
  const m = /script-src 'nonce-([A-Za-z0-9+/=_-]+)'/.exec(policy);
  assert.ok(m?.[1], 'script-src has a nonce');
  return m[1];
}

test('report has a strict CSP with a nonce for style and script', () => {
  const policy = csp(build());
  const nonce = nonceOf(policy);
  assert.equal(
    policy,
    `default-src 'none'; img-src data: blob:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`,
  );
  assert.ok(nonce.length >= 16);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
});

interface RawElement {
  readonly tag: string;
  readonly content: string;
}

/** Finds script and style elements as the HTML tokenizer does: their content runs to the first closing tag. */
function rawTextElements(html: string): RawElement[] {
  const found: RawElement[] = [];
  const open = /<(script|style)\b[^>]*>/gi;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const name = (m[1] ?? '').toLowerCase();
    const close = html.toLowerCase().indexOf(`</${name}`, open.lastIndex);
    assert.ok(close >= 0, `${name} is closed`);
    found.push({ tag: m[0], content: html.slice(open.lastIndex, close) });
    open.lastIndex = close;
  }
  return found;
}

test('every script and style element carries the nonce', () => {
  const html = build();
  const nonce = nonceOf(csp(html));
  const elements = rawTextElements(html);
  assert.equal(elements.length, 3, 'one style, the data block and the bundle');
  for (const { tag } of elements) assert.ok(tag.includes(`nonce="${nonce}"`), `nonce on ${tag}`);
});

test('a fresh nonce per report', () => {
  assert.notEqual(nonceOf(csp(build())), nonceOf(csp(build())));
});

test('no remote resources: no http: or https: anywhere', () => {
  assert.doesNotMatch(build(), /https?:/i);
});

test('</script> in the data, the script or the css cannot close its element', () => {
  const html = build();
  assert.ok(!html.includes('<!--'), 'no comment opener that could change script parsing');
  const [style, json, bundle] = rawTextElements(html);
  assert.match(style?.tag ?? '', /^<style /);
  assert.match(json?.tag ?? '', /id="model-lens-data"/);
  assert.match(bundle?.tag ?? '', /^<script nonce=/);
  assert.ok(style?.content.includes('body { color: red; }'));
  assert.ok(bundle?.content.includes('console.log("<\\/script><script>alert(1)<\\/script>");'));
  assert.match(html.slice(html.lastIndexOf('</script>')), /^<\/script>\s*<\/body>\s*<\/html>\s*$/);
});

test('the escaped bundle still means the same to JavaScript', () => {
  const html = build();
  const bundle = rawTextElements(html)[2]?.content ?? '';
  const logged: unknown[] = [];
  new Function('console', bundle)({ log: (x: unknown) => logged.push(x) });
  assert.deepEqual(logged, ['</script><script>alert(1)</script>']);
});

test('the data block parses back to the data', () => {
  const html = build();
  const json = rawTextElements(html)[1]?.content ?? '';
  assert.doesNotMatch(json, /</);
  assert.deepEqual(JSON.parse(json), data);
});

test('the title is escaped and the view containers are present', () => {
  const html = build();
  assert.match(html, /<title>Report &lt;b&gt;&amp;&lt;\/b&gt;<\/title>/);
  for (const id of ['summary', 'status', 'surprisal-chart', 'token-text', 'toolbar']) {
    assert.match(html, new RegExp(`id="${id}"`));
  }
});

test('jsonForScript escapes every <', () => {
  assert.equal(jsonForScript({ a: '<x>' }), '{"a":"\\u003cx>"}');
  assert.equal(jsonForScript(undefined), 'null');
});
