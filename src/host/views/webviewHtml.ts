/**
 * @file HTML of the VS Code webviews: a strict CSP, the view's stylesheet and nonce'd script by URI,
 * and the containers the view scripts draw into. Pure string building (no `vscode` import), so it is unit tested.
 */
import { randomBytes } from 'node:crypto';
import { pageHead } from '../../core/report/reportHtml';
import { escapeHtml } from '../../shared/html';

/** What a webview page links to. */
export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin webview resources are served from. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(...)` of the view bundle, e.g. `dist/webview/surprisal.js`. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(...)` of the view stylesheet, e.g. `dist/webview/surprisal.css`. */
  readonly styleUri: string;
  /** A fresh nonce from {@link makeNonce}, one per HTML document. */
  readonly nonce: string;
  /** Document title (plain text; it is escaped). */
  readonly title: string;
  /** The view's body markup (from the VIEWS table). */
  readonly body: string;
}

/** A fresh random nonce for a CSP (base64 of 18 random bytes, no padding). */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The Content-Security-Policy of a webview: resources only from `cspSource`, scripts only with the nonce. */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** Builds the HTML of a view's webview; data arrives later by `postMessage`, never in this HTML. */
export function webviewHtml(opts: WebviewHtmlOptions): string {
  return `${pageHead(webviewCsp(opts.cspSource, opts.nonce), opts.title)}
<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}">
</head>
<body class="model-lens-webview">
${opts.body}
<script nonce="${escapeHtml(opts.nonce)}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}
