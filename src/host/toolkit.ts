/**
 * @file What a host toolkit is: a function from the extension's shared services to its VS Code
 * commands (by id, as contributed in package.json) and the disposables it owns. A toolkit keeps its
 * own state (panels, decorations, what it last showed) inside its module, not on the context.
 */
import type * as vscode from 'vscode';
import type { ViewId } from '../../webview/views';
import type { SurprisalStore } from './surprisal/surprisalStore';
import type { EngineClient } from './engineClient';
import type { LensStatusBar } from './statusBar';
import type { SidePanel } from './views/sidePanel';
import type { ViewActions } from './views/webviewHost';
import type { ViewPanel } from './views/viewPanel';

/** The services every toolkit may use, made once in `activate`. */
export interface HostContext {
  readonly extension: vscode.ExtensionContext;
  readonly engine: EngineClient;
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: LensStatusBar;
  readonly sidePanel: SidePanel;
  /** Surprisal results by document: the side panel, the hover and the extension's API read them. */
  readonly surprisal: SurprisalStore;
  /** A new editor panel of `view` (disposed with the extension). */
  panel(view: ViewId, actions?: ViewActions): ViewPanel;
  /** Registers what Clear Decorations clears. */
  onClear(clear: () => void): void;
  /** Adds a part to Model Lens's one hover; parts show by `rank`, lowest first. */
  onHover(part: vscode.HoverProvider, rank: number): void;
}

/** A VS Code command implementation. */
export type Command = (...args: unknown[]) => unknown;

/** What a toolkit contributes to the extension host. */
export interface HostContribution {
  /** Command implementations by id (`modelLens.…`, as in package.json). */
  readonly commands: Readonly<Record<string, Command>>;
  /** Providers, decorations and panels it owns. */
  readonly disposables?: readonly vscode.Disposable[];
}

/** A host toolkit. */
export type HostToolkit = (ctx: HostContext) => HostContribution;
