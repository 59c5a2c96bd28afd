/**
 * @file Entry point of the extension host side. Thin: it makes the shared services and registers
 * every toolkit of `registry.ts`. It never imports onnxruntime; models run in the engine process.
 */
import * as vscode from 'vscode';
import type { ViewId } from '../../webview/views';
import { SurprisalStore } from './surprisal/surprisalStore';
import { EngineClient } from './engineClient';
import type { SurprisalResult } from '../shared/surprisal';
import { lensHover } from './editor/hover';
import { HOST_TOOLKITS } from './registry';
import { engineEnv } from './remote/keyEnv';
import { readSettings } from './settings';
import { LensStatusBar } from './statusBar';
import type { HostContext } from './toolkit';
import { SIDE_PANEL_ID, SidePanel } from './views/sidePanel';
import { registerPanelSerializers, ViewPanel } from './views/viewPanel';
import type { ViewActions } from './views/webviewHost';

/** What the extension exports to other extensions and to its integration tests. */
export interface ModelLensApi {
  /** The current surprisal result of a document, if it has one. */
  surprisalOf(uri: vscode.Uri): SurprisalResult | undefined;
}

/** What toolkits register through the context: Clear Decorations' parts, editor panels, hover parts. */
interface Registered {
  readonly clears: (() => void)[];
  readonly panels: ViewPanel[];
  readonly hovers: { part: vscode.HoverProvider; rank: number }[];
}

function makeContext(extension: vscode.ExtensionContext, { clears, panels, hovers }: Registered): HostContext {
  const log = vscode.window.createOutputChannel('Model Lens', { log: true });
  const enginePath = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'engine.js').fsPath;
  const engine = new EngineClient(enginePath, (level, message) => log[level](message), engineEnv);
  const ctx: HostContext = {
    extension,
    engine,
    log,
    statusBar: new LensStatusBar(readSettings().model),
    sidePanel: new SidePanel(extension.extensionUri, extension.workspaceState),
    surprisal: new SurprisalStore(),
    panel: (view: ViewId, actions?: ViewActions) => {
      const panel = new ViewPanel(extension.extensionUri, view, actions, extension.workspaceState);
      extension.subscriptions.push(panel);
      panels.push(panel);
      return panel;
    },
    onClear: (clear) => void clears.push(clear),
    onHover: (part, rank) => {
      hovers.push({ part, rank });
      hovers.sort((a, b) => a.rank - b.rank);
    },
  };
  extension.subscriptions.push(log, { dispose: () => engine.dispose() }, ctx.statusBar, ctx.sidePanel, ctx.surprisal);
  return ctx;
}

/** Activates Model Lens. */
export function activate(extension: vscode.ExtensionContext): ModelLensApi {
  const started = performance.now();
  const registered: Registered = { clears: [], panels: [], hovers: [] };
  const ctx = makeContext(extension, registered);
  const commands: Record<string, (...args: unknown[]) => unknown> = {
    'modelLens.clearDecorations': () => {
      ctx.surprisal.clear();
      ctx.sidePanel.post({ type: 'clear' });
      for (const clear of registered.clears) clear();
    },
  };
  for (const toolkit of HOST_TOOLKITS) {
    const contribution = toolkit(ctx);
    Object.assign(commands, contribution.commands);
    extension.subscriptions.push(...(contribution.disposables ?? []));
  }
  for (const [id, run] of Object.entries(commands)) {
    extension.subscriptions.push(vscode.commands.registerCommand(id, run));
  }
  extension.subscriptions.push(
    ...registerPanelSerializers(registered.panels),
    vscode.window.registerWebviewViewProvider(SIDE_PANEL_ID, ctx.sidePanel),
    vscode.languages.registerHoverProvider(
      { scheme: '*' },
      lensHover(() => registered.hovers.map((h) => h.part)),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('modelLens.model')) ctx.statusBar.show(readSettings().model, undefined);
    }),
  );
  const trust = vscode.workspace.isTrusted ? 'trusted' : 'restricted: embedded models only';
  const ms = (performance.now() - started).toFixed(1);
  ctx.log.info(`Model Lens activated in ${ms} ms (workspace ${trust})`);
  return { surprisalOf: (uri) => ctx.surprisal.getByUri(uri)?.result };
}

/** Deactivates Model Lens; the subscriptions stop the engine. */
export function deactivate(): void {}
