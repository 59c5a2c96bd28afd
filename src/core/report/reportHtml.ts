/**
 * @file Builds the CLI's self-contained HTML report: one file, no network, a strict CSP,
 * the view's CSS and script inlined under a fresh nonce and the data in a JSON script block.
 */
import { escapeHtml } from '../../shared/html';
import { randomBytes } from 'node:crypto';

/** What goes into a report. */
export interface ReportHtmlOptions {
  /** Document title (plain text; it is escaped). */
  readonly title: string;
  /** The view's body markup (from the VIEWS table). */
  readonly body: string;
  /** The view bundle (IIFE) to inline, e.g. the contents of `dist/webview/surprisal.js`. */
  readonly script: string;
  /** The view's CSS to inline, e.g. the contents of `dist/webview/surprisal.css`. */
  readonly css: string;
  /** The message the view shows, e.g. `{type: 'showSurprisal', result, source}`; serialised as JSON. */
  readonly data: unknown;
}

/** JSON for a `<script type="application/json">` block: every `<` becomes `\u003c`, so no tag can close it. */
export function jsonForScript(data: unknown): string {
  const json = JSON.stringify(data) ?? 'null';
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Makes a script safe inside its `<script>` element: `</script` and `<!--` get a backslash
 * (`<\/script`, `<\!--`), which means the same to JavaScript strings, so the HTML parser never
 * leaves or re-enters script data early.
 */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Makes CSS safe inside its `<style>` element: `</style` (only legal in strings and comments) becomes `\3c /style`. */
function inlineCss(css: string): string {
  return css.replace(/<\/(style)/gi, '\\3c /$1');
}

/** The Content-Security-Policy of a report: nothing but the nonce'd style and script, and data:/blob: images. */
export function reportCsp(nonce: string): string {
  return [
    "default-src 'none'",
    'img-src data: blob:',
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** The start of every Model Lens page, up to its title: doctype, charset, the CSP and the viewport. */
export function pageHead(csp: string, title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>`;
}

/** Builds a self-contained HTML report (strict CSP, inlined CSS, data and script; no remote resources). */
export function reportHtml(opts: ReportHtmlOptions): string {
  const nonce = randomBytes(18).toString('base64');
  return `${pageHead(reportCsp(nonce), opts.title)}
<meta name="generator" content="Model Lens">
<style nonce="${nonce}">
${inlineCss(opts.css)}
</style>
</head>
<body class="model-lens-report">
${opts.body}
<script type="application/json" id="model-lens-data" nonce="${nonce}">${jsonForScript(opts.data)}</script>
<script nonce="${nonce}">
${inlineScript(opts.script)}
</script>
</body>
</html>
`;
}
