/**
 * @file The decision-tree LM toolkit in VS Code: train on the current file, the selection or a glob,
 * save and load models, generate after the cursor, and trace the prediction at the cursor (panel plus
 * decorations). The model trained or loaded last is restored after a window reload.
 */
import * as vscode from 'vscode';
import type { HostToolkit } from '../toolkit';
import { TreeDecorations } from './decorations';
import { loadTreeLM, saveTreeLM } from './files';
import { restoredModel, type TreesState } from './state';
import { trainTreeLM } from './train';
import { generateTreeLM, traceTreePrediction } from './use';

/** The decision-tree toolkit's commands, trace panel and decorations. */
export const treesHost: HostToolkit = (ctx) => {
  const restored = restoredModel(ctx.extension.workspaceState);
  const state: TreesState = {
    summary: restored?.summary,
    copy: restored?.copy,
    panel: ctx.panel('trees'),
    decorations: new TreeDecorations(),
  };
  ctx.onClear(() => vscode.window.visibleTextEditors.forEach((editor) => state.decorations.clear(editor)));
  return {
    commands: {
      'modelLens.trainTreeLM': (...args: unknown[]) => trainTreeLM(ctx, state, args[0]),
      'modelLens.generateTreeLM': () => generateTreeLM(ctx, state),
      'modelLens.traceTreePrediction': () => traceTreePrediction(ctx, state),
      'modelLens.saveTreeLM': () => saveTreeLM(ctx, state),
      'modelLens.loadTreeLM': (arg: unknown) => loadTreeLM(ctx, state, arg),
    },
    disposables: [state.decorations],
  };
};
