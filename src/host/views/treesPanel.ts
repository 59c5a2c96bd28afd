/**
 * @file The decision-tree trace panel: an editor-area webview that draws the trees a prediction
 * went through, and reveals the tested tokens in the editor on click.
 */
import * as vscode from 'vscode';
import type { FromWebview, ShowTreeTraceNotification } from '../../shared/protocol';
import { isFromWebview } from '../../shared/validate';
import { saveExport } from './saveExport';
import { makeNonce } from './webviewHtml';
import { treesPanelHtml } from './treesPanelHtml';

/** Opens (or reuses) the trace panel and shows traces in it. */
export class TreesPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private last: ShowTreeTraceNotification | undefined;
  private source: vscode.Uri | undefined;

  /** Creates the panel controller; `extensionUri` locates the webview bundles. */
  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Shows a trace of the document `source`, opening the panel beside the editor if needed. */
  show(message: ShowTreeTraceNotification, source: vscode.Uri): void {
    this.last = message;
    this.source = source;
    if (this.panel === undefined) this.panel = this.create();
    else this.panel.reveal(vscode.ViewColumn.Beside, true);
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private create(): vscode.WebviewPanel {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel('modelLens.treeTrace', 'Decision-Tree Trace', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [root],
    });
    panel.webview.html = treesPanelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'trees.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'trees.css')).toString(),
      nonce: makeNonce(),
      title: 'Decision-Tree Trace',
    });
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if (isFromWebview(m)) void this.onMessage(m);
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
    return panel;
  }

  private async onMessage(message: FromWebview): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      if (this.last !== undefined) void this.panel?.webview.postMessage(this.last);
    } else if (message.type === 'reveal' && this.source !== undefined) {
      const document = await vscode.workspace.openTextDocument(this.source);
      const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
      const range = new vscode.Range(document.positionAt(message.start), document.positionAt(message.end));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else if (message.type === 'saveExport') {
      await saveExport(message);
    }
  }

  /** Closes the panel. */
  dispose(): void {
    this.panel?.dispose();
  }
}
