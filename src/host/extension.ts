/**
 * @file Entry point of the extension host side. Thin: it wires commands, views, decorations and
 * the engine client. It never imports onnxruntime; models run in the engine process.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands/index';
import type { LensContext } from './context';
import { surprisalHover } from './editor/surprisalHover';
import { SurprisalDecorations } from './editor/surprisalDecorations';
import { SurprisalStore } from './editor/surprisalStore';
import { EngineClient } from './engineClient';
import type { SurprisalResult } from '../shared/results';
import { readSettings } from './settings';
import { LensStatusBar } from './statusBar';
import { SIDE_PANEL_ID, SidePanel } from './views/sidePanel';
import { ViewPanel } from './views/viewPanel';
import { DependencyDecorations } from './editor/dependencyDecorations';
import { TREES_BODY } from '../core/report/treesBody';
import { DEPENDENCIES_BODY } from '../core/report/dependenciesBody';
import { TreeDecorations } from './editor/treeDecorations';
import { LORA_BODY } from '../core/report/loraBody';
import { POSITIONS_BODY } from '../core/report/positionsBody';

/** What the extension exports to other extensions and to its integration tests. */
export interface ModelLensApi {
  /** The current surprisal result of a document, if it has one. */
  surprisalOf(uri: vscode.Uri): SurprisalResult | undefined;
}

/** Activates Model Lens. */
export function activate(extension: vscode.ExtensionContext): ModelLensApi {
  const log = vscode.window.createOutputChannel('Model Lens', { log: true });
  const enginePath = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'engine.js').fsPath;
  const engine = new EngineClient(enginePath, (level, message) => log[level](message));
  const surprisal = new SurprisalStore();
  const sidePanel = new SidePanel(extension.extensionUri);
  const statusBar = new LensStatusBar(readSettings().model);
  const trees = { summary: undefined, panel: new ViewPanel(extension.extensionUri, { viewType: 'modelLens.treeTrace', title: 'Decision-Tree Trace', script: 'trees', body: TREES_BODY }), decorations: new TreeDecorations() };
  const dependencies = { panel: new ViewPanel(extension.extensionUri, { viewType: 'modelLens.sparsityMap', title: 'Attention-Sparsity Map', script: 'dependencies', body: DEPENDENCIES_BODY }), decorations: new DependencyDecorations() };
  const lora: LensContext['lora'] = {
    added: [], last: undefined,
    panel: new ViewPanel(extension.extensionUri, { viewType: 'modelLens.loraComposition', title: 'LoRA Composition', script: 'lora', body: LORA_BODY, onCommand: (m) => {
      if (m.type === 'saveMerged') void vscode.commands.executeCommand('modelLens.saveMergedAdapter', m.method);
    } }),
  };
  const positions: LensContext['positions'] = { method: undefined, panel: new ViewPanel(extension.extensionUri, { viewType: 'modelLens.positions', title: 'Position IDs', script: 'positions', body: POSITIONS_BODY }) };
  const ctx: LensContext = { extension, engine, log, statusBar, sidePanel, surprisal, trees, dependencies, positions, lora };
  extension.subscriptions.push(
    log,
    { dispose: () => engine.dispose() },
    surprisal,
    sidePanel,
    statusBar,
    trees.panel,
    trees.decorations,
    dependencies.panel,
    dependencies.decorations,
    lora.panel,
    positions.panel,
    vscode.languages.registerHoverProvider({ scheme: '*' }, dependencies.decorations.hover()),
    new SurprisalDecorations(surprisal),
    vscode.window.registerWebviewViewProvider(SIDE_PANEL_ID, sidePanel),
    vscode.languages.registerHoverProvider({ scheme: '*' }, surprisalHover(surprisal)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('modelLens.model')) statusBar.show(readSettings().model, undefined);
    }),
  );
  registerCommands(ctx);
  log.info(`Model Lens activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'restricted: embedded models only'})`);
  return { surprisalOf: (uri) => surprisal.getByUri(uri)?.result };
}

/** Deactivates Model Lens; the subscriptions stop the engine. */
export function deactivate(): void {}
