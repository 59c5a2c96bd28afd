/**
 * @file "Model Lens: Save Decision-Tree LM…" and "Load Decision-Tree LM…": the model file is the one the CLI
 * writes (`model-lens trees train --out`, JSON of format "model-lens/ardt"), written atomically by the engine.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { treesLoadRequest, treesSaveRequest } from '../../shared/trees';
import { report, runWithProgress } from '../runWithProgress';
import type { HostContext } from '../toolkit';
import { modelRef, useModel, type TreesState } from './state';
import { suggestedModelName } from './texts';

/** What the save and open dialogs show. */
const FILTERS = { 'Decision-tree LM (JSON)': ['json'] };

/** Says to train or load a model first. */
export const TRAIN_FIRST =
  'Train a decision-tree LM first ("Model Lens: Train Decision-Tree LM"), or load one ("Model Lens: Load ' +
  'Decision-Tree LM…").';

function suggestedUri(name: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder !== undefined ? vscode.Uri.joinPath(folder, name) : undefined;
}

/** Saves the current model where the user picks (suggesting a name from its learner, window and source). */
export async function saveTreeLM(ctx: HostContext, state: TreesState): Promise<void> {
  const tree = modelRef(state);
  if (tree === undefined || state.summary === undefined)
    return report(new LensError('bad-input', TRAIN_FIRST), ctx.log);
  const defaultUri = suggestedUri(suggestedModelName(state.summary));
  const target = await vscode.window.showSaveDialog({
    title: 'Save Decision-Tree LM',
    saveLabel: 'Save Model',
    filters: FILTERS,
    ...(defaultUri !== undefined ? { defaultUri } : {}),
  });
  if (target === undefined) return;
  const saved = await runWithProgress('Model Lens: saving the decision-tree LM', ctx.log, (signal) =>
    ctx.engine.request(treesSaveRequest, { tree, out: target.fsPath }, { signal }),
  );
  if (saved === undefined) return;
  const text = `Model Lens: saved the decision-tree LM to ${vscode.workspace.asRelativePath(target)} \
(${(saved.bytes / 1024).toFixed(1)} KB).`;
  ctx.log.info(text);
  void vscode.window.showInformationMessage(text);
}

/** Loads a model file the user picks; it becomes the model that generation and traces use. */
export async function loadTreeLM(ctx: HostContext, state: TreesState, arg?: unknown): Promise<void> {
  const given = arg instanceof vscode.Uri ? arg : undefined;
  const picked =
    given ??
    (
      await vscode.window.showOpenDialog({
        title: 'Load Decision-Tree LM',
        openLabel: 'Load Model',
        filters: FILTERS,
        canSelectMany: false,
      })
    )?.[0];
  if (picked === undefined) return;
  const summary = await runWithProgress('Model Lens: loading a decision-tree LM', ctx.log, (signal) =>
    ctx.engine.request(treesLoadRequest, { path: picked.fsPath }, { signal }),
  );
  if (summary === undefined) return;
  useModel(state, ctx.extension.workspaceState, summary, picked.fsPath);
  const shape = `${summary.nodes.toLocaleString('en-US')} nodes, a ${summary.window}-token window`;
  const text = `Model Lens: loaded a ${summary.learner} tree LM from ${vscode.workspace.asRelativePath(picked)} \
(${shape}).`;
  ctx.log.info(text);
  void vscode.window.showInformationMessage(text);
}
