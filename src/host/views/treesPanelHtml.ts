/**
 * @file HTML of the decision-tree trace panel: the same page as every webview ({@link webviewHtml}:
 * strict CSP, nonce'd script by URI) with the trace view's containers as its body.
 */
import { TREES_BODY } from '../../core/report/treesBody';
import { webviewHtml, type WebviewHtmlOptions } from './webviewHtml';

/** The trace view's body markup. */
export { TREES_BODY };

/**
 * Builds the trace panel's HTML; pass the URIs of `dist/webview/trees.js` and `dist/webview/trees.css`.
 * Data arrives later by `postMessage` (`showTreeTrace`, `status`), never in this HTML.
 */
export function treesPanelHtml(opts: WebviewHtmlOptions): string {
  return webviewHtml({ ...opts, body: TREES_BODY });
}
