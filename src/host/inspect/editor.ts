/**
 * @file The inspector's webview in a custom editor tab: a {@link WebviewHost} attached to the panel VS Code gives
 * a read-only custom editor, showing one file's report and its Analyse buttons' access.
 */
import * as vscode from 'vscode';
import { inspectAccessKind, inspectRequest, type InspectReport } from '../../shared/inspect';
import { WebviewHost, type ViewActions } from '../views/webviewHost';
import { panelViewType } from '../views/viewPanel';

/** The custom editor's view type, as contributed in package.json (`customEditors`). */
export const INSPECT_EDITOR = panelViewType('inspect');

/** Why the Analyse buttons are off in a restricted workspace. */
export const UNTRUSTED_REASON =
  'This workspace is in restricted mode: Model Lens reads the file’s headers but loads no model from the ' +
  'workspace. Trust the workspace to analyse with it.';

/** Whether the Analyse buttons may load the file, as the view's access message. */
export function accessNow(): { allowed: boolean; reason: string } {
  return vscode.workspace.isTrusted ? { allowed: true, reason: '' } : { allowed: false, reason: UNTRUSTED_REASON };
}

/** One inspector webview (an editor tab or a panel). */
export class InspectWebview extends WebviewHost {
  /** A webview whose Analyse buttons run `actions`. */
  constructor(extensionUri: vscode.Uri, actions: ViewActions) {
    super(extensionUri, 'inspect', actions);
  }

  /** Shows the inspector page in `panel` (disposed with it). */
  open(panel: vscode.WebviewPanel): void {
    panel.webview.options = this.webviewOptions();
    this.attach(panel.webview, { viewColumn: vscode.ViewColumn.One });
    panel.onDidDispose(() => this.dispose());
  }

  /** Shows `report` and the current access. */
  showReport(report: InspectReport): void {
    this.send({ type: 'show', kind: inspectRequest.name, result: report, source: report.source });
    this.showAccess();
  }

  /** Sends whether the Analyse buttons may run (again after the workspace is trusted). */
  showAccess(): void {
    this.send({ type: 'show', kind: inspectAccessKind.name, result: accessNow() });
  }

  /** Shows a failure in the view's status line. */
  fail(message: string): void {
    this.send({ type: 'status', state: 'error', message });
  }
}
