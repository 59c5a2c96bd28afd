/**
 * @file The side panel (a webview view in the Model Lens activity-bar container): the surprisal
 * view of the latest analysis, with the dependency summary beside it.
 */
import * as vscode from 'vscode';
import { WebviewHost, type ViewMessage } from './webviewHost';

/** Id of the side panel view (package.json `contributes.views`). */
export const SIDE_PANEL_ID = 'modelLens.sidePanel';

/** Provides the side panel and sends it the latest analysis. */
export class SidePanel extends WebviewHost implements vscode.WebviewViewProvider {
  /** Creates the provider; `extensionUri` locates the webview bundles. */
  constructor(extensionUri: vscode.Uri) {
    super(extensionUri, 'surprisal');
  }

  /** Called by VS Code when the view first becomes visible. */
  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = this.webviewOptions();
    this.attach(view.webview, { preview: false });
    view.onDidDispose(() => this.detach());
  }

  /** Shows a message now, or as soon as the view is ready; `source` is the analysed document. */
  post(message: ViewMessage, source?: vscode.Uri): void {
    this.send(message, source);
  }
}
