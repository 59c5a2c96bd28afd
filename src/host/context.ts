/**
 * @file Transitional: the state of the toolkits not yet moved to their own host modules. Each move
 * deletes its field here; the file goes when only {@link HostContext} is left.
 */
import type { DependencyDecorations } from './editor/dependencyDecorations';
import type { TreeDecorations } from './editor/treeDecorations';
import type { ViewPanel } from './views/viewPanel';
import type { TreesModelSummary } from '../shared/results';
import type { HostContext } from './toolkit';

/** Shared state of the toolkits still registered through `legacy.ts`. */
export interface LensContext extends HostContext {
  /** The decision-tree toolkit: the model trained last, its panel and decorations. */
  readonly trees: { summary: TreesModelSummary | undefined; readonly panel: ViewPanel; readonly decorations: TreeDecorations };
  /** The dependencies toolkit: the sparsity-map panel and the dependency decorations. */
  readonly dependencies: { readonly panel: ViewPanel; readonly decorations: DependencyDecorations };
  /** The positions toolkit: its panel and how Show Position IDs feeds positions. */
  readonly positions: { readonly panel: ViewPanel; method: 'ppc' | 'oracle' | 'absolute' | undefined };
}

/** A command implementation, made from the context. */
export type CommandFactory = (ctx: LensContext) => (...args: unknown[]) => unknown;
