/**
 * @file The side panel (a webview view in the Model Lens activity-bar container): the surprisal view and the
 * dependency summary of the document in the active editor. It keeps each document's latest results, turns to
 * a document's own (or to an empty state with buttons that start an analysis) when the active editor changes,
 * and keeps a bounded copy in the workspace state, so a window reload brings the last results back.
 */
import * as vscode from 'vscode';
import { RUN_COMMAND_ACTION, type ToWebview } from '../../shared/messages';
import { panelCommand, SidePanelModel, type PanelDocument } from './sidePanelModel';
import { WebviewHost, type ViewMessage } from './webviewHost';

/** Id of the side panel view (package.json `contributes.views`). */
export const SIDE_PANEL_ID = 'modelLens.sidePanel';
/** Key of the panel's results in the workspace state. */
const STATE_KEY = 'modelLens.sidePanel.results';

function documentOf(uri: vscode.Uri): PanelDocument {
  return { uri: uri.toString(), name: vscode.workspace.asRelativePath(uri) };
}

/** The document of a text editor the panel follows (not the Output panel's). */
function editorDocument(editor: vscode.TextEditor | undefined): PanelDocument | undefined {
  const uri = editor?.document.uri;
  return uri === undefined || uri.scheme === 'output' ? undefined : documentOf(uri);
}

function runPanelCommand(arg: string): void {
  const run = panelCommand(arg);
  if (run !== undefined) void vscode.commands.executeCommand(run.command, ...run.args);
}

/** Provides the side panel and sends it the results of the document in the active editor. */
export class SidePanel extends WebviewHost implements vscode.WebviewViewProvider {
  private readonly model = new SidePanelModel();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** `extensionUri` locates the webview bundles; `memory` (the workspace state) keeps results across reloads. */
  constructor(
    extensionUri: vscode.Uri,
    private readonly memory?: vscode.Memento,
  ) {
    super(extensionUri, 'surprisal', { [RUN_COMMAND_ACTION]: runPanelCommand });
    this.model.restore(memory?.get(STATE_KEY));
    this.deliver(this.model.focus(editorDocument(vscode.window.activeTextEditor)));
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => this.deliver(this.model.focus(editorDocument(editor)))),
    );
  }

  /** Called by VS Code when the view first becomes visible. */
  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = this.webviewOptions();
    this.attach(view.webview, { preview: false });
    view.onDidDispose(() => this.detach());
  }

  /**
   * Shows a result of the document `source` (the active editor's when not given), which comes into view.
   * A `clear` without `source` forgets every document's results (Clear Decorations).
   */
  post(message: ViewMessage, source?: vscode.Uri): void {
    const uri = source ?? vscode.window.activeTextEditor?.document.uri;
    const doc = uri === undefined ? this.model.shownDocument : documentOf(uri);
    if (message.type === 'clear') this.deliver(this.model.clear(source === undefined ? undefined : doc));
    else this.deliver(this.model.post(message, doc));
    if (message.type !== 'status') void this.memory?.update(STATE_KEY, this.model.snapshot());
  }

  /** A (re)loaded view is sent the document in view: a clear naming it, then its results. */
  protected override replayed(): readonly ViewMessage[] {
    return this.model.replay();
  }

  private deliver(messages: readonly ToWebview[]): void {
    const shown = this.model.shownDocument;
    for (const m of messages) this.send(m, shown === undefined ? undefined : vscode.Uri.parse(shown.uri));
  }

  /** Frees the listeners. */
  override dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    super.dispose();
  }
}
