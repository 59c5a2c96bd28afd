/**
 * @file What every command can use: the engine, the log, the views and the stored results.
 */
import type * as vscode from 'vscode';
import type { SurprisalStore } from './editor/surprisalStore';
import type { EngineClient } from './engineClient';
import type { LensStatusBar } from './statusBar';
import type { SidePanel } from './views/sidePanel';
import type { ViewPanel } from './views/viewPanel';
import type { DependencyDecorations } from './editor/dependencyDecorations';
import type { TreeDecorations } from './editor/treeDecorations';
import type { LoraComposeResult, TreesModelSummary } from '../shared/results';

/** Shared state of the extension, created once in `activate`. */
export interface LensContext {
  readonly extension: vscode.ExtensionContext;
  readonly engine: EngineClient;
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: LensStatusBar;
  readonly sidePanel: SidePanel;
  readonly surprisal: SurprisalStore;
  /** The decision-tree toolkit: the model trained last, its panel and decorations. */
  readonly trees: { summary: TreesModelSummary | undefined; readonly panel: ViewPanel; readonly decorations: TreeDecorations };
  /** The dependencies toolkit: the sparsity-map panel and the dependency decorations. */
  readonly dependencies: { readonly panel: ViewPanel; readonly decorations: DependencyDecorations };
  /** The LoRA composition: adapter folders added from the explorer, the results panel, the last run. */
  /** The positions toolkit: its panel and how Show Position IDs feeds positions. */
  readonly positions: { readonly panel: ViewPanel; method: 'ppc' | 'oracle' | 'absolute' | undefined };
  readonly lora: { readonly added: string[]; readonly panel: ViewPanel; last: { readonly result: LoraComposeResult; readonly adapters: readonly string[] } | undefined };
}

/** A command implementation, made from the context. */
export type CommandFactory = (ctx: LensContext) => (...args: unknown[]) => unknown;
