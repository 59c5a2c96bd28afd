/**
 * @file An editor-area webview panel for one view (trace, sparsity map, …): opened on demand,
 * shows the latest message once the view is ready, reveals clicked tokens in the editor, and
 * saves exported charts.
 */
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../../shared/protocol';
import { isFromWebview } from '../../shared/validate';
import { revealInEditor } from '../editor/reveal';
import { saveExport } from './saveExport';
import { makeNonce, webviewHtml } from './webviewHtml';

/** Which view a panel shows. */
export interface ViewPanelOptions {
  readonly viewType: string;
  readonly title: string;
  /** Bundle name under dist/webview (`<script>.js`, `<script>.css`). */
  readonly script: string;
  /** The view's body markup. */
  readonly body: string;
  /** Handles the view's own commands (those other than ready, reveal and saveExport). */
  readonly onCommand?: (message: FromWebview) => void;
}

/** Opens (or reuses) a panel and shows messages in it. */
export class ViewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private last: ToWebview | undefined;
  private source: vscode.Uri | undefined;

  /** Creates the controller; `extensionUri` locates the webview bundles. */
  constructor(private readonly extensionUri: vscode.Uri, private readonly options: ViewPanelOptions) {}

  /** Shows a message about the document `source`, opening the panel beside the editor if needed. */
  show(message: ToWebview, source: vscode.Uri): void {
    this.last = message;
    this.source = source;
    if (this.panel === undefined) this.panel = this.create();
    else this.panel.reveal(vscode.ViewColumn.Beside, true);
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private create(): vscode.WebviewPanel {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(this.options.viewType, this.options.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [root],
    });
    panel.webview.html = webviewHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, `${this.options.script}.js`)).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, `${this.options.script}.css`)).toString(),
      nonce: makeNonce(),
      title: this.options.title,
      body: this.options.body,
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
      await revealInEditor(this.source, message.start, message.end, { viewColumn: vscode.ViewColumn.One });
    } else if (message.type === 'saveExport') {
      await saveExport(message);
    } else {
      this.options.onCommand?.(message);
    }
  }

  /** Closes the panel. */
  dispose(): void {
    this.panel?.dispose();
  }
}
