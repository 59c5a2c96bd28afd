/**
 * @file An editor-area webview panel for one view (trace, sparsity map, …): opened on demand beside
 * the editor, it shows the latest message once the view is ready. After a window reload VS Code revives
 * the panel through {@link registerPanelSerializers}: the page draws the results its webview state kept,
 * and the document its clicks reveal comes back from the workspace state.
 */
import * as vscode from 'vscode';
import { VIEWS, type ViewId } from '../../../webview/views';
import { revivedResults, type RevivedResult } from './revived';
import { WebviewHost, type ViewActions, type ViewMessage } from './webviewHost';

export type { RevivedResult } from './revived';

/** Opens (or reuses) a panel and shows messages in it. */
export class ViewPanel extends WebviewHost {
  private panel: vscode.WebviewPanel | undefined;
  private readonly reviveListeners: ((results: readonly RevivedResult[]) => void)[] = [];

  /**
   * A panel of `view`; `actions` handle the view's own commands; `memento` (the workspace state) keeps the
   * analysed document across a window reload.
   */
  constructor(
    extensionUri: vscode.Uri,
    view: ViewId,
    actions: ViewActions = {},
    private readonly memento?: vscode.Memento,
  ) {
    super(extensionUri, view, actions);
  }

  /** The webview panel's type, as VS Code knows it: `modelLens.<view>`. */
  get viewType(): string {
    return panelViewType(this.view);
  }

  /** True while the panel is open. */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Shows a message about the document `source`, opening the panel beside the editor if needed. */
  show(message: ViewMessage, source?: vscode.Uri): void {
    if (this.panel === undefined) this.panel = this.create();
    else this.panel.reveal(revealColumn(this.panel.viewColumn, vscode.window.activeTextEditor?.viewColumn), true);
    if (source !== undefined) void this.memento?.update(this.sourceKey(), source.toString());
    this.send(message, source);
  }

  /**
   * Calls `listener` with the results a revived panel shows (from its webview state), so a toolkit can take
   * back what its actions need.
   */
  onRevive(listener: (results: readonly RevivedResult[]) => void): void {
    this.reviveListeners.push(listener);
  }

  /** Takes over a panel VS Code revived after a reload; `state` is its webview's saved state. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.webview.options = this.webviewOptions();
    this.listen(panel);
    const saved = this.memento?.get<string>(this.sourceKey());
    if (saved !== undefined) this.source = vscode.Uri.parse(saved, true);
    const results = revivedResults(state);
    for (const listener of this.reviveListeners) listener(results);
  }

  private sourceKey(): string {
    return `modelLens.panelSource.${this.view}`;
  }

  private create(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(
      panelViewType(this.view),
      VIEWS[this.view].title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.webviewOptions(),
    );
    this.listen(panel);
    return panel;
  }

  private listen(panel: vscode.WebviewPanel): void {
    this.attach(panel.webview, { viewColumn: vscode.ViewColumn.One });
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.detach();
    });
  }

  /** Closes the panel. */
  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}

/**
 * Where an open panel is shown again: in its own group, so it does not wander into a new group each time, unless
 * that is the group of the editor in use, which it would hide; then beside it.
 */
function revealColumn(panel: vscode.ViewColumn | undefined, editor: vscode.ViewColumn | undefined): vscode.ViewColumn {
  return panel === undefined || panel === editor ? vscode.ViewColumn.Beside : panel;
}

/** The webview panel type of a view: `modelLens.<view>` (package.json activates on `onWebviewPanel:` of it). */
export function panelViewType(view: ViewId): string {
  return `modelLens.${view}`;
}

/**
 * Registers a serializer for each view that has a panel, so VS Code revives open panels after a window reload
 * instead of leaving an empty editor group. A view with several panels revives into the first one not open.
 */
export function registerPanelSerializers(panels: readonly ViewPanel[]): vscode.Disposable[] {
  const byType = new Map<string, ViewPanel[]>();
  for (const p of panels) byType.set(p.viewType, [...(byType.get(p.viewType) ?? []), p]);
  return [...byType].map(([viewType, candidates]) =>
    vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: async (panel, state) => {
        const host = candidates.find((c) => !c.isOpen);
        if (host === undefined) panel.dispose();
        else host.revive(panel, state);
        return Promise.resolve();
      },
    }),
  );
}
