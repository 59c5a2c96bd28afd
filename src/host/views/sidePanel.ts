/**
 * @file The side panel (a webview view in the Model Lens activity-bar container): shows the
 * latest analysis, reveals clicked tokens in the editor, and saves exported charts.
 */
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../../shared/protocol';
import { isFromWebview } from '../../shared/validate';
import { revealInEditor } from '../editor/reveal';
import { saveExport } from './saveExport';
import { makeNonce, webviewHtml } from './webviewHtml';

/** Id of the side panel view (package.json `contributes.views`). */
export const SIDE_PANEL_ID = 'modelLens.sidePanel';

/** Provides the side panel and sends it the latest analysis. */
export class SidePanel implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private last: ToWebview | undefined;
  private lastDependencies: ToWebview | undefined;
  private source: vscode.Uri | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Creates the provider; `extensionUri` locates the webview bundles. */
  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Called by VS Code when the view first becomes visible. */
  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [root] };
    view.webview.html = webviewHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, 'surprisal.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, 'surprisal.css')).toString(),
      nonce: makeNonce(),
      title: 'Model Lens',
    });
    this.subscriptions.push(
      view.webview.onDidReceiveMessage((m: unknown) => {
        if (isFromWebview(m)) void this.onMessage(m);
      }),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
      }),
    );
  }

  /** Shows a message now, or as soon as the view is ready; `source` is the analysed document. */
  post(message: ToWebview, source?: vscode.Uri): void {
    if (message.type === 'showSurprisal') {
      this.last = message;
      this.source = source;
    } else if (message.type === 'showDependencies') {
      this.lastDependencies = message;
    }
    if (this.view !== undefined && this.ready) void this.view.webview.postMessage(message);
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.last !== undefined) void this.view?.webview.postMessage(this.last);
        if (this.lastDependencies !== undefined) void this.view?.webview.postMessage(this.lastDependencies);
        return;
      case 'reveal':
        await this.reveal(message.start, message.end);
        return;
      case 'saveExport':
        await saveExport(message);
        return;
    }
  }

  private async reveal(start: number, end: number): Promise<void> {
    if (this.source !== undefined) await revealInEditor(this.source, start, end, { preview: false });
  }

  /** Frees the listeners. */
  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
