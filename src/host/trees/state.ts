/**
 * @file What the decision-tree toolkit keeps in the extension host: the model trained or loaded last
 * (held in the engine under its id, with a saved copy the engine reloads after a restart), the trace panel
 * and the tested-token decorations. The model's summary and copy are kept in the workspace state too, so
 * the model outlives a window reload.
 */
import type * as vscode from 'vscode';
import { check } from '../../shared/schema';
import { TreesModelSummarySchema, type TreeModelRef, type TreesModelSummary } from '../../shared/trees';
import type { ViewPanel } from '../views/viewPanel';
import type { TreeDecorations } from './decorations';

/** Key of the last model in the workspace state. */
const MEMENTO_KEY = 'modelLens.trees.lastModel';

/** The toolkit's state, made once per activation. */
export interface TreesState {
  /** The model trained or loaded last; undefined until one is. */
  summary: TreesModelSummary | undefined;
  /** A saved copy of that model, which an engine that no longer holds it loads. */
  copy: string | undefined;
  readonly panel: ViewPanel;
  readonly decorations: TreeDecorations;
}

/** The reference requests use for the current model, if there is one. */
export function modelRef(state: TreesState): TreeModelRef | undefined {
  if (state.summary === undefined) return undefined;
  const file = state.copy !== undefined ? { file: state.copy } : {};
  return { from: 'engine', modelId: state.summary.modelId, ...file };
}

/** Makes `summary` (with its saved copy) the current model, here and in the workspace state. */
export function useModel(
  state: TreesState,
  memento: vscode.Memento,
  summary: TreesModelSummary,
  copy: string | undefined,
): void {
  state.summary = summary;
  state.copy = copy;
  void memento.update(MEMENTO_KEY, { summary, copy });
}

/** The model kept in the workspace state by an earlier window, if it is well formed. */
export function restoredModel(memento: vscode.Memento): { summary: TreesModelSummary; copy: string } | undefined {
  const raw = memento.get<{ summary?: unknown; copy?: unknown }>(MEMENTO_KEY);
  const summary = check(TreesModelSummarySchema, raw?.summary);
  return summary.ok && typeof raw?.copy === 'string' ? { summary: summary.value, copy: raw.copy } : undefined;
}
