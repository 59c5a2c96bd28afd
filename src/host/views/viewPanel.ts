/**
 * @file An editor-area webview panel for one view (trace, sparsity map, …): opened on demand beside
 * the editor, it shows the latest message once the view is ready.
 */
import * as vscode from 'vscode';
import { VIEWS, type ViewId } from '../../../webview/views';
import { WebviewHost, type ViewActions, type ViewMessage } from './webviewHost';

/** Opens (or reuses) a panel and shows messages in it. */
export class ViewPanel extends WebviewHost {
  private panel: vscode.WebviewPanel | undefined;

  /** A panel of `view`; `actions` handle the view's own commands. */
  constructor(extensionUri: vscode.Uri, view: ViewId, actions: ViewActions = {}) {
    super(extensionUri, view, actions);
  }

  /** Shows a message about the document `source`, opening the panel beside the editor if needed. */
  show(message: ViewMessage, source?: vscode.Uri): void {
    if (this.panel === undefined) this.panel = this.create();
    else this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.send(message, source);
  }

  private create(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(
      `modelLens.${this.view}`,
      VIEWS[this.view].title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.webviewOptions(),
    );
    this.attach(panel.webview, { viewColumn: vscode.ViewColumn.One });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.detach();
    });
    return panel;
  }

  /** Closes the panel. */
  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
